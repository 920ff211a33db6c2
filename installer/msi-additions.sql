-- What wixl 0.101 (Debian 12) cannot express, added to the MSI it built. installer/build.sh runs each statement
-- with `msibuild SmbDrive.msi -q "..."`: a statement ends with ";" at the end of a line, lines starting with "--"
-- are comments, and @UpgradeCode@ / @ProductVersion@ stand for those properties as wixl wrote them. Table layouts follow the Windows Installer database reference (Environment, DrLocator and
-- Signature tables; Component table Attributes column). Ids come from SmbDrive.wxs.

-- smbdrive.exe on the system PATH. Name "=-*PATH": "=" set the variable at install, "-" remove what was added
-- when the component is removed, "*" the machine (system) environment, not the installing user's.
-- Value "[~];[INSTALLDIR]": "[~]" stands for the existing value, so the folder is appended, and uninstall takes out
-- only that part. Tied to the executable's component, so the entry lives exactly as long as smbdrive.exe.
CREATE TABLE `Environment` (`Environment` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL LOCALIZABLE,
  `Value` CHAR(255) LOCALIZABLE, `Component_` CHAR(72) NOT NULL PRIMARY KEY `Environment`);
INSERT INTO `Environment` (`Environment`, `Name`, `Value`, `Component_`)
  VALUES ('SmbDrivePath', '=-*PATH', '[~];[INSTALLDIR]', 'SmbDriveExe');
-- The standard actions that read the Environment table, at their standard places (wixl adds them only for its own
-- Environment element, which 0.101 lacks). WriteEnvironmentStrings also broadcasts the change, so terminals opened
-- after the install see the new PATH.
INSERT INTO `InstallExecuteSequence` (`Action`, `Condition`, `Sequence`) VALUES ('RemoveEnvironmentStrings', '', 3300);
INSERT INTO `InstallExecuteSequence` (`Action`, `Condition`, `Sequence`) VALUES ('WriteEnvironmentStrings', '', 5200);

-- Dokan 2: dokan2.dll in the 64-bit system folder (System64Folder is C:\Windows\System32 on x64 Windows;
-- SystemFolder would be SysWOW64). A Signature row makes the AppSearch a file search, DrLocator says where.
-- MinVersion is "one less" than 2.1.0.0 because Windows Installer compares the language too when versions are
-- equal; 2.1.0 is the oldest library SmbDrive accepts (DokanNative.MinimumLibraryVersion). The registry search for
-- the Dokan2 service and the launch condition itself are in SmbDrive.wxs. AppSearch runs before LaunchConditions
-- in both sequences (50 and 100).
CREATE TABLE `DrLocator` (`Signature_` CHAR(72) NOT NULL, `Parent` CHAR(72), `Path` CHAR(255), `Depth` SHORT
  PRIMARY KEY `Signature_`, `Parent`, `Path`);
INSERT INTO `Signature` (`Signature`, `FileName`, `MinVersion`) VALUES ('Dokan2Dll', 'dokan2.dll', '2.0.65535.65535');
INSERT INTO `DrLocator` (`Signature_`, `Path`, `Depth`) VALUES ('Dokan2Dll', '[System64Folder]', 0);
INSERT INTO `AppSearch` (`Property`, `Signature_`) VALUES ('DOKAN2_DLL', 'Dokan2Dll');

-- appsettings.json: 256 (64-bit component, as wixl wrote it) + 16 (Permanent) + 128 (NeverOverwrite) = 400.
-- wixl 0.101 ignores both attributes. NeverOverwrite: an install over an existing file leaves the file alone.
-- Permanent: a major upgrade first removes the old product (RemoveExistingProducts right after InstallValidate);
-- without it that removal would delete the user's edited settings before NeverOverwrite could protect them. The
-- same attribute keeps the settings file when SmbDrive is uninstalled.
UPDATE `Component` SET `Attributes` = 400 WHERE `Component` = 'AppSettings';

-- Major upgrade of the same version too (WiX's AllowSameVersionUpgrades): each build has a new ProductCode, so
-- without this a rebuilt MSI of an installed version would install beside it as a second entry. wixl writes
-- 1 (MigrateFeatures) with an exclusive VersionMax; 513 adds 512 (VersionMaxInclusive). Attributes is part of the
-- Upgrade table's key, which SQL cannot UPDATE, so the row is replaced.
DELETE FROM `Upgrade` WHERE `ActionProperty` = 'WIX_UPGRADE_DETECTED';
INSERT INTO `Upgrade` (`UpgradeCode`, `VersionMax`, `Attributes`, `ActionProperty`)
  VALUES ('@UpgradeCode@', '@ProductVersion@', 513, 'WIX_UPGRADE_DETECTED');
