namespace LitDsl.Runtime.Checkpoints;

/// <summary>What a checkpoint's pickle did with a global that LitDsl records instead of resolving.</summary>
public enum PickledObjectKind
{
    /// <summary>Named it and nothing more (a class handed to something else as an argument, such as numpy's dtype).</summary>
    Reference,

    /// <summary>Called it (REDUCE): <c>Module.Name(*Arguments)</c>.</summary>
    Call,

    /// <summary>Made an instance of it (NEWOBJ, NEWOBJ_EX, OBJ, INST; EMPTY_SET and FROZENSET for sets):
    /// <c>Module.Name.__new__(cls, *Arguments, **KeywordArguments)</c>.</summary>
    Instance,
}
