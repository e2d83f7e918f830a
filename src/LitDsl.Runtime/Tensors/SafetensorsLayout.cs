namespace LitDsl.Runtime.Tensors;

/// <summary>A tensor to be written to a .safetensors file: its name and shape, known before its values are read.</summary>
internal sealed record SafetensorsLayout(string Name, int[] Shape);
