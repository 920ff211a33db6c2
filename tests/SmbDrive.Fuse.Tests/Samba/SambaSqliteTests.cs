using System.Diagnostics;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>SQLite, the everyday multi-user file database, written by two processes at once through two mounts of one
/// share (two PCs). SQLite relies on fcntl locks at 1 GiB to take turns, and on seeing the other writer's pages and
/// journal once it holds the lock: if a lock were kept locally or a stale page read, rows or counter increments would
/// be lost, or the file corrupted. The result is checked on the server's disk.</summary>
[TestFixture]
[Category("Integration")]
[Category("Fuse")]
[NonParallelizable]
public sealed class SambaSqliteTests : TwoMounts
{
    private const int Transactions = 300;

    // Each transaction inserts a row and increments a shared counter (a read-modify-write: a stale read loses one).
    private const string Writer = """
        import sqlite3, sys
        path, writer, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
        con = sqlite3.connect(path, timeout=300, isolation_level=None)
        for n in range(count):
            con.execute('BEGIN IMMEDIATE')
            (total,) = con.execute('SELECT total FROM counter').fetchone()
            con.execute('INSERT INTO rows(writer, n, seen) VALUES (?, ?, ?)', (writer, n, total))
            con.execute('UPDATE counter SET total = ?', (total + 1,))
            con.execute('COMMIT')
        con.close()
        print('done', flush=True)
        """;

    private const string Check = """
        import sqlite3, sys
        con = sqlite3.connect(sys.argv[1])
        print(con.execute('PRAGMA integrity_check').fetchone()[0])
        print(con.execute('SELECT count(*) FROM rows').fetchone()[0])
        print(con.execute('SELECT total FROM counter').fetchone()[0])
        for writer in ('a', 'b'):
            print(','.join(str(n) for (n,) in con.execute('SELECT n FROM rows WHERE writer = ? ORDER BY rowid', (writer,))))
        print(con.execute('SELECT count(DISTINCT seen) FROM rows').fetchone()[0])
        """;


    private static Process Python(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    private static string[] Finish(Process process, string what)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(8)), Is.True, $"{what} did not finish");
        Assert.That(process.ExitCode, Is.Zero, $"{what} failed: {errors.Result}");
        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Test, CancelAfter(600_000)]
    public void TwoWritersOnTwoMounts_EveryTransactionKept_FileIntact()
    {
        string name = $"sqlite-{Guid.NewGuid():N}"[..19] + ".db";
        using (var create = Python("""
            import sqlite3, sys
            con = sqlite3.connect(sys.argv[1])
            con.executescript('CREATE TABLE rows(writer TEXT, n INTEGER, seen INTEGER); CREATE TABLE counter(total INTEGER); INSERT INTO counter VALUES (0);')
            con.close()
            """, A.PathOf(name)))
            Finish(create, "creating the database");

        using var a = Python(Writer, A.PathOf(name), "a", Transactions.ToString());
        using var b = Python(Writer, B.PathOf(name), "b", Transactions.ToString());
        Assert.That(Finish(a, "writer a"), Is.EqualTo(new[] { "done" }));
        Assert.That(Finish(b, "writer b"), Is.EqualTo(new[] { "done" }));

        // On the server's disk, with no mount in between.
        using var check = Python(Check, Path.Combine(SambaFuseFixture.WritableDir, name));
        var lines = Finish(check, "checking the database");
        string allNumbers = string.Join(",", Enumerable.Range(0, Transactions));
        Assert.That(lines, Is.EqualTo(new[]
        {
            "ok",
            (2 * Transactions).ToString(),
            (2 * Transactions).ToString(),
            allNumbers,
            allNumbers,
            (2 * Transactions).ToString(), // every transaction saw the counter the previous one left
        }));
        Assert.That(A.Log.Errors.Concat(B.Log.Errors), Is.Empty);
    }
}
