using System.Runtime.CompilerServices;

// Every native struct here is blittable; turning runtime marshalling off makes any accidental non-blittable
// signature a compile error instead of a hidden copy (dokan-api.md §5.6).
[assembly: DisableRuntimeMarshalling]

// Native libraries load from System32 only: dokan2.dll must be the copy the Dokan installer put next to its
// driver, never one planted in the working or application folder (dokan-api.md §7.3).
[assembly: System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.System32)]
