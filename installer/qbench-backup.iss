; Inno Setup script for qbench-backup (Windows). Build steps: installer/README.md.
;
; Per-user install (no admin rights), a stable AppId so upgrades replace the old
; version in place, Start-menu and optional desktop shortcuts, an optional daily
; scheduled task that runs "qbench-backup.exe --sync" as the current user (so the
; Windows Credential Manager keyring holds the same secret the window stored), and
; an uninstaller that keeps the user's database, settings and logs unless asked.

#define AppName "QBench Backup"
#define AppExe "qbench-backup.exe"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; Never change this GUID: it is how Windows knows an upgrade from a new product.
AppId={{6B1F3C52-8E0A-4B7D-9A43-2F5C1D7E9B10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=qbench-backup
DefaultDirName={localappdata}\Programs\qbench-backup
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=qbench-backup-setup-{#AppVersion}
SetupIconFile=..\resources\qbench-backup.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
spanish.DesktopIcon=Crear un acceso directo en el escritorio
english.DesktopIcon=Create a desktop shortcut
spanish.DailyTask=Respaldar automáticamente cada noche (tarea programada a las 02:00)
english.DailyTask=Back up automatically every night (scheduled task at 02:00)
spanish.KeepData=¿Borrar también la base de datos, la configuración y los registros del respaldo?%n%nSi responde No, se conservan en su carpeta de usuario.
english.KeepData=Also delete the backup database, settings and logs?%n%nIf you answer No, they are kept in your user folder.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked
Name: "dailysync"; Description: "{cm:DailyTask}"; Flags: unchecked

[Files]
Source: "..\dist\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{#AppName} (demo)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
; The task runs as the installing user, only when that user is logged on, so
; the keyring (Credential Manager) is the one the window wrote the secret to.
Filename: "schtasks.exe"; \
  Parameters: "/Create /F /SC DAILY /ST 02:00 /TN ""QBench Backup nightly sync"" /TR ""\""{app}\{#AppExe}\"" --sync"" /IT"; \
  Flags: runhidden; Tasks: dailysync
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; \
  Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "schtasks.exe"; Parameters: "/Delete /F /TN ""QBench Backup nightly sync"""; \
  Flags: runhidden; RunOnceId: "DeleteNightlyTask"

[Code]
// platformdirs puts settings, data and logs under %LOCALAPPDATA%\qbench-backup.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    if MsgBox(CustomMessage('KeepData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
      DelTree(ExpandConstant('{localappdata}\qbench-backup'), True, True, True);
end;
