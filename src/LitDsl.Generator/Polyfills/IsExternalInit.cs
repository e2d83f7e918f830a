namespace System.Runtime.CompilerServices;

/// <summary>Lets records compile on netstandard2.0, which the compiler loads generators on.</summary>
internal static class IsExternalInit;
