using System.Globalization;

namespace SmbDrive.Benchmarks;

/// <summary>Every measured value by name, in the order measured, so that the report can give medians and,
/// below them, each sample.</summary>
internal sealed class Samples
{
    private readonly Dictionary<string, List<double>> _values = new();

    public void Add(string key, double value)
    {
        if (!_values.TryGetValue(key, out var list)) _values[key] = list = [];
        list.Add(value);
    }

    public bool Has(string key) => _values.ContainsKey(key);

    public double Median(string key) => _values.TryGetValue(key, out var list) ? Measure.Median(list) : double.NaN;

    public double Max(string key) => _values.TryGetValue(key, out var list) ? list.Max() : double.NaN;

    public IEnumerable<string> Lines() => _values.Select(p =>
        $"- {p.Key}: {string.Join(", ", p.Value.Select(v => v.ToString(v >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture)))}");
}
