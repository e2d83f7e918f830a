namespace LitDsl.Graph;

/// <summary>
/// Supplies the values of a model's parameters and buffers, by their reference <c>state_dict</c> name, while the graph
/// is built: seeded initialisation, a checkpoint, or fixture weights.
/// </summary>
public interface IWeightSource
{
    /// <summary>Returns the values (row-major, <paramref name="shape"/>) of the tensor called <paramref name="name"/>.</summary>
    /// <param name="init">The reference's initialisation rule, for sources that have no stored value.</param>
    float[] GetTensor(string name, int[] shape, ParameterInit init);
}
