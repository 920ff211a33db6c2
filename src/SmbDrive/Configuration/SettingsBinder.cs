using Microsoft.Extensions.Configuration;
using SmbDrive.CommandLine;
using SmbDrive.Smb;
using SmbDrive.Vfs;

namespace SmbDrive.Configuration;

/// <summary>Binds configuration sections to the typed option classes. Unknown keys are errors, so that a
/// misspelt setting (Smb:MaxDialekt) is reported instead of silently ignored.</summary>
internal static class SettingsBinder
{
    // Each call site names its concrete type so that the configuration binding source generator can replace
    // the reflection binder; that is what lets the native (AOT) build bind settings at all.
    private static T Bind<T>(IConfiguration configuration, string section, Func<IConfigurationSection, T?> get)
        where T : class, new()
    {
        try
        {
            return get(configuration.GetSection(section)) ?? new T();
        }
        catch (InvalidOperationException e)
        {
            string detail = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            throw new UsageException($"settings '{section}': {detail.ReplaceLineEndings(" ")}", e);
        }
    }

    public static SmbClientOptions BindSmb(IConfiguration configuration)
    {
        var options = Bind(configuration, "Smb", s => s.Get<SmbClientOptions>(o => o.ErrorOnUnknownConfiguration = true));
        SmbDialect min = ParseDialect(options.MinDialect, "Smb:MinDialect");
        SmbDialect max = ParseDialect(options.MaxDialect, "Smb:MaxDialect");
        if (min > max) throw new UsageException($"Smb:MinDialect {options.MinDialect} is above Smb:MaxDialect {options.MaxDialect}");
        RequirePositive(options.ConnectTimeoutSeconds, "Smb:ConnectTimeoutSeconds");
        RequirePositive(options.RequestTimeoutSeconds, "Smb:RequestTimeoutSeconds");
        RequirePositive(options.CreditTarget, "Smb:CreditTarget");
        RequirePositive(options.MaxReadChunk, "Smb:MaxReadChunk");
        RequirePositive(options.ReadWindowBytes, "Smb:ReadWindowBytes");
        RequirePositive(options.ConnectionsPerShare, "Smb:ConnectionsPerShare");
        RequirePositive(options.StripeThresholdBytes, "Smb:StripeThresholdBytes");
        return options;
    }

    public static VfsOptions BindVfs(IConfiguration configuration)
    {
        var options = Bind(configuration, "Vfs", s => s.Get<VfsOptions>(o => o.ErrorOnUnknownConfiguration = true));
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }
        return options;
    }

    private static SmbDialect ParseDialect(string text, string key)
    {
        try
        {
            return SmbDialects.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{key}: {e.Message}", e);
        }
    }

    private static void RequirePositive(int value, string key)
    {
        if (value <= 0) throw new UsageException($"{key} must be positive, not {value}");
    }
}
