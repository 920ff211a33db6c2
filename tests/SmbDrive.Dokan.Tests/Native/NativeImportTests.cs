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
}
