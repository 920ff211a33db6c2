namespace SmbDrive.Installer.Tests;

/// <summary>One table of an MSI database as <c>msiinfo export</c> prints it: the archive file format of the Windows
/// Installer SDK ("Archive File Format", .idt). Line 1 holds the column names, line 2 the column types, line 3 the
/// table name followed by its primary key columns, then one tab-separated line per row; lines end with CR LF.
/// A null field is an empty string.</summary>
internal sealed class MsiTable
{
    private MsiTable(string name, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Name = name;
        Columns = columns;
        Rows = rows;
    }

    public string Name { get; }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Each row maps a column name to its value.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    /// <summary>The rows whose <paramref name="column"/> equals <paramref name="value"/> (ordinal: MSI identifiers
    /// are case-sensitive).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Where(string column, string value)
    {
        if (!Columns.Contains(column))
            throw new ArgumentException($"table {Name} has no column {column} (columns: {string.Join(", ", Columns)})", nameof(column));
        return Rows.Where(row => row[column] == value).ToList();
    }

    public static MsiTable Parse(string exported)
    {
        // Split on CR LF only: msitools writes field text as it is, and a lone LF inside a value is data.
        var lines = exported.Split("\r\n");
        int count = lines.Length;
        while (count > 0 && lines[count - 1].Length == 0)
            count--;
        if (count < 3)
            throw new FormatException($"an exported table has at least 3 header lines, this text has {count}");

        string[] columns = lines[0].Split('\t');
        string[] types = lines[1].Split('\t');
        string[] key = lines[2].Split('\t');
        if (types.Length != columns.Length)
            throw new FormatException($"{columns.Length} column names but {types.Length} column types");
        if (key.Length < 2 || key[0].Length == 0)
            throw new FormatException("line 3 must name the table and at least one key column");

        var rows = new List<IReadOnlyDictionary<string, string>>(count - 3);
        for (int i = 3; i < count; i++)
        {
            string[] fields = lines[i].Split('\t');
            if (fields.Length != columns.Length)
                throw new FormatException($"{key[0]} row {i - 2} has {fields.Length} fields, the table has {columns.Length} columns");
            var row = new Dictionary<string, string>(columns.Length, StringComparer.Ordinal);
            for (int c = 0; c < columns.Length; c++)
                row[columns[c]] = fields[c];
            rows.Add(row);
        }
        return new MsiTable(key[0], columns, rows);
    }
}
