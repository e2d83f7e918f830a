namespace LitDsl.Graph;

/// <summary>
/// Every tensor zero: for building a graph only to read its structure, shapes and counts (<see cref="GraphCount"/>),
/// which do not depend on the weights, without drawing the seeded initialisation's random numbers.
/// </summary>
public sealed class ZeroWeights : IWeightSource
{
    /// <inheritdoc />
    public float[] GetTensor(string name, int[] shape, ParameterInit init)
    {
        long count = 1;
        foreach (var d in shape) count = checked(count * d);
        return new float[checked((int)count)];
    }
}
