using System.Reflection;
using System.Runtime.InteropServices;
using SmbDrive.Dokan.Native;

namespace SmbDrive.Dokan.Tests.Native;

/// <summary>Native code may come only from System32: dokan2.dll as the Dokan installer placed it, and kernel32.</summary>
[TestFixture]
public sealed class NativeImportTests
{
    [Test]
    public void Assembly_SearchesSystem32Only()
    {
        var attribute = typeof(DokanNative).Assembly.GetCustomAttribute<DefaultDllImportSearchPathsAttribute>();
        Assert.That(attribute?.Paths, Is.EqualTo(DllImportSearchPath.System32));
    }

    [Test]
    public void EveryPInvoke_TargetsDokan2OrKernel32()
    {
        var imports = typeof(DokanNative).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Import: m.GetCustomAttribute<DllImportAttribute>()))
            .Where(x => x.Import is not null)
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(imports, Has.Count.GreaterThanOrEqualTo(11), "DokanInit … DokanResetTimeout and GetLogicalDrives");
            Assert.That(imports.Select(x => x.Import!.Value).Distinct(), Is.SubsetOf(new[] { "dokan2.dll", "kernel32.dll" }));
        });
    }

    [Test]
    public void Dokan2_IsLoadedByFullPathInSystem32()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DokanLibraryLoader.PathIn(@"C:\Windows\System32"), Is.EqualTo(@"C:\Windows\System32\dokan2.dll"));
            Assert.That(DokanLibraryLoader.PathIn(@"C:\windows\system32\"), Is.EqualTo(@"C:\windows\system32\dokan2.dll"));
            Assert.That(DokanLibraryLoader.PathIn(""), Is.Null);
            Assert.That(DokanLibraryLoader.PathIn("system32"), Is.Null, "a relative folder is searched like the default search");
        });
    }

    [Test]
    public void Dokan2_PlantedInTheApplicationFolder_IsNeverLoaded()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("the Wine lane checks this with a planted native dokan2.dll");
        }
        // The default search would find this copy next to the test assembly; the resolver refuses to look there.
        string planted = Path.Combine(AppContext.BaseDirectory, DokanLibraryLoader.FileName);
        File.WriteAllText(planted, "planted");
        try
        {
            var error = Assert.Throws<DllNotFoundException>(() => DokanNative.DokanVersion());
            Assert.That(error!.Message, Does.Contain("Windows system folder only"));
        }
        finally
        {
            File.Delete(planted);
        }
    }
}
