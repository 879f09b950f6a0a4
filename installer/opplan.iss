; OpPlan Desk: the Windows installer (Inno Setup 6.x, https://jrsoftware.org/isinfo.php).
;
; What it does
;   - Installs the PyInstaller one-folder build (dist\OpPlanDesk) for the current user, with
;     no administrator rights and no UAC prompt (PrivilegesRequired=lowest), into
;     %LOCALAPPDATA%\Programs\OpPlan Desk ({autopf} in non-administrative mode).
;   - Adds a Start menu entry (and, if ticked, a desktop shortcut).
;   - The folder holds two programs sharing _internal\: OpPlanDesk.exe (windowed: the app,
;     the shortcuts and the file association) and opplan.exe (console: the same program for
;     the command line). IT scripts and consoles should call opplan.exe for commands
;     (check, export, --selftest...): OpPlanDesk.exe has no console, so what it prints is
;     lost there (its exit codes still work). The installer does not change PATH: call
;     opplan.exe by its full path, e.g.
;         "%LOCALAPPDATA%\Programs\OpPlan Desk\opplan.exe" --selftest
;   - Associates .opplan files with the app for the current user (HKCU\Software\Classes):
;     a double-click runs  "...\OpPlanDesk.exe" "<file>".  The uninstaller removes it.
;   - Upgrades in place: AppId never changes, so a newer installer finds the old
;     installation, deletes its program files ([InstallDelete]) and installs the new ones.
;     A running OpPlan Desk is closed first (Windows Restart Manager): every edit is
;     already saved in the plan file, so nothing is lost.
;   - Leaves the user's own files alone, on install and on uninstall: plans, and the
;     data folder %LOCALAPPDATA%\OpPlanDesk (backups, settings, logs).
;
; Build (on Windows, after `python installer\build.py` made dist\OpPlanDesk):
;     iscc /DAppVersion=0.1.0 installer\opplan.iss
;   or let the build script do both:  python installer\build.py --installer
;   Output: dist\OpPlanDesk-<version>-setup.exe
;   /DAppVersion must be the version in desktop\__init__.py (build.py passes it); it must be
;   numbers only (x.y.z), as Windows version resources require. /DBuildDir=<folder> points
;   at another one-folder build (default: ..\dist\OpPlanDesk, relative to this script).
;
; Install silently (IT, software deployment tools). Run it AS THE USER who will use the app
; (a per-user install run as SYSTEM installs for SYSTEM):
;     OpPlanDesk-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /SP- /LOG="%TEMP%\opplan-setup.log"
;   Exit code 0 means installed. Add /DIR="X:\path" for another folder, /TASKS="desktopicon"
;   for a desktop shortcut. An administrator can install for all users instead with
;   /ALLUSERS (then into C:\Program Files and HKLM; "HKA" below picks the right hive).
; Uninstall silently:
;     "%LOCALAPPDATA%\Programs\OpPlan Desk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;
; Code signing (recommended: unsigned installers alarm SmartScreen): configure a sign tool in
; the Inno Setup IDE (Tools > Configure Sign Tools, name "signtool") and uncomment SignTool=
; below; sign dist\OpPlanDesk\OpPlanDesk.exe and dist\OpPlanDesk\opplan.exe with the same
; certificate before compiling.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BuildDir
  #define BuildDir "..\dist\OpPlanDesk"
#endif

#define AppName "OpPlan Desk"
#define AppExeName "OpPlanDesk.exe"
; The console program for commands and scripts (the [Files] line installs it with the rest).
#define CliExeName "opplan.exe"
#define AppPublisher "OpPlan Desk team"
; The file type: the .opplan extension and the ProgID it points to.
#define PlanExt ".opplan"
#define PlanProgId "OpPlanDesk.Plan"

[Setup]
; Never change AppId: it is how an upgrade finds the installed copy. ({{ is a literal {.)
AppId={{D1552448-0C46-4E55-8325-2709BE441091}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} setup
; Per-user, no administrator rights. /ALLUSERS on the command line allows an admin install.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
; {autopf} is %LOCALAPPDATA%\Programs in non-administrative mode, Program Files otherwise.
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
; The build is 64-bit Python and Qt.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Tell Explorer that file associations changed (refreshes the .opplan icon).
ChangesAssociations=yes
; Close a running OpPlan Desk before replacing its files (silently when /VERYSILENT).
CloseApplications=yes
OutputDir=..\dist
OutputBaseFilename=OpPlanDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\opplan.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
;SignTool=signtool

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole one-folder build: files a newer build no longer has
; (an old Qt plugin, a renamed module) must not linger next to the new ones. Only the
; program's own files: nothing else in {app} is touched.
Type: filesandordirs; Name: "{app}\_internal"
Type: files; Name: "{app}\{#AppExeName}"
Type: files; Name: "{app}\{#CliExeName}"

[Files]
; The whole one-folder build: OpPlanDesk.exe, opplan.exe and _internal\.
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "Prepare, check and submit NHS operational plans"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Registry]
; The .opplan file type, for the current user (HKA = HKCU in a per-user install, HKLM with
; /ALLUSERS). Each key or value is removed by the uninstaller (uninsdelete* flags).
Root: HKA; Subkey: "Software\Classes\{#PlanExt}"; ValueType: string; ValueName: ""; ValueData: "{#PlanProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#PlanExt}"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-opplan"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#PlanExt}\OpenWithProgids"; ValueType: string; ValueName: "{#PlanProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#PlanProgId}"; ValueType: string; ValueName: ""; ValueData: "OpPlan Desk plan"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#PlanProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExeName},0"
Root: HKA; Subkey: "Software\Classes\{#PlanProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""
; "Open with" lists the app for .opplan files.
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: "{#PlanExt}"; ValueData: ""

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
