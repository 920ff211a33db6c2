using System.Reflection;
using System.Runtime.InteropServices;
using SmbDrive.Fuse.Native;

namespace SmbDrive.Fuse.Tests.Native;

/// <summary>Every entry point the binding names must be exported by the installed libfuse3.so.3, so a renamed or
/// versioned symbol shows up here rather than as an EntryPointNotFoundException at mount time.</summary>
[TestFixture]
public sealed class LibFuseExportTests
{
    [Test]
    public void EntryPoints_AllBoundFunctions_AreExportedByLibfuse3()
    {
        TestEnvironment.SkipUnless(NativeLibrary.TryLoad(LibFuse.LibraryName, out nint library), $"{LibFuse.LibraryName} is not installed");
        try
        {
            var entryPoints = typeof(LibFuse).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Select(m => m.GetCustomAttribute<LibraryImportAttribute>())
                .Where(a => a != null)
                .Select(a => a!.EntryPoint!)
                .ToList();

            Assert.That(entryPoints, Does.Contain("fuse_new_31").And.Contain("fuse_loop_mt_31"));
            Assert.Multiple(() =>
            {
                foreach (var name in entryPoints)
                    Assert.That(NativeLibrary.TryGetExport(library, name, out _), Is.True, name);
            });
        }
        finally
        {
            NativeLibrary.Free(library);
        }
    }

    [Test]
    public void FuseVersion_InstalledLibrary_IsAtLeast32()
    {
        TestEnvironment.SkipUnless(NativeLibrary.TryLoad(LibFuse.LibraryName, out nint library), $"{LibFuse.LibraryName} is not installed");
        NativeLibrary.Free(library);

        Assert.That(LibFuse.FuseVersion(), Is.GreaterThanOrEqualTo(302));
    }
}
