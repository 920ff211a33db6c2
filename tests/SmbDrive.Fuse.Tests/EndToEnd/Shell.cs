using System.Diagnostics;
using System.Text;

namespace SmbDrive.Fuse.Tests.EndToEnd;

/// <summary>Runs an unmodified program the way a user would, with the C.UTF-8 locale (English error texts,
/// UTF-8 names) and a timeout, so a hung mount fails the test instead of hanging it.</summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, byte[] Output, string Errors)
    {
        public string Text => Encoding.UTF8.GetString(Output);

        public override string ToString() => $"exit {ExitCode}; stderr: {Errors}";
    }

    public static Result Run(string program, params string[] arguments) => RunIn(null, program, arguments);

    public static Result RunIn(string? workingDirectory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within 120 s");
        }
        copy.GetAwaiter().GetResult();
        return new Result(process.ExitCode, output.ToArray(), errors.GetAwaiter().GetResult());
    }
}
