; 年报校验 — per-user installer (NSIS 3, Unicode, Simplified Chinese UI).
;
; No administrator rights: installs into %LOCALAPPDATA%\Programs\年报校验 and writes only
; under HKCU. Offers "打开方式" (Open with) entries for the report formats without ever
; taking over the default program for them (no default value of .pdf etc. is written).
;
; Build (packaging/build.py does this):
;   makensis -DDIST_DIR=<onedir folder> -DAPP_VERSION=0.1.0 -DOUT_FILE=<setup.exe> packaging\installer.nsi
; Optional: -DNO_COMPRESS (store files uncompressed; the Linux compile check uses it for speed).
;
; Signing: -DSIGN_CMD="signtool sign /fd SHA256 …" signs the installer and the uninstaller
; it embeds (the program's .exe files are signed before, by packaging/build.py --sign).
;
; Refuses Windows older than 10 1809 (build 17763: Qt 6 and Python 3.11 need it) with a message
; naming that version, and refuses to install or uninstall while the program runs (it holds the
; named mutex INSTANCE_MUTEX, gui/app.py): an update would replace _internal's DLLs half-way.
; Silent runs exit 3 (program running) or 4 (Windows too old) instead of asking.
;
; Silent install: setup.exe /S          (desktop shortcut included; /D=<dir> picks the folder)
; Silent uninstall keeping settings: uninst.exe /S ; removing them too: uninst.exe /S /PURGE

Unicode true
; A 64-bit installer: the program is 64-bit only (PySide6 publishes no 32-bit Windows wheels),
; so on 32-bit Windows Windows itself refuses to start setup.exe instead of installing a program
; that cannot run; and it is the same stub packaging/wine_check.sh installs under 64-bit Wine.
; Needs NSIS's amd64-unicode stubs: Debian's nsis package has them (the release installer is
; compiled on Linux, see .github/workflows/windows.yml); the official Windows NSIS does not.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user

!ifndef DIST_DIR
  !define DIST_DIR "..\dist\nianbao"
!endif
!ifndef APP_VERSION
  !define APP_VERSION "0.1.0"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "..\dist\nianbao-setup-${APP_VERSION}.exe"
!endif
!ifndef PUBLISHER
  !define PUBLISHER "年报校验开发组"   ; packaging/product.py PUBLISHER (build.py passes it)
!endif
!ifndef COPYRIGHT
  !define COPYRIGHT "© 2026 ${PUBLISHER}"
!endif
!ifndef ICON_FILE
  !define ICON_FILE "..\resources\icons\app.ico"
!endif

!define PRODUCT "年报校验"
!define EXE "nianbao.exe"
!define PROGID "NianbaoJiaoyan.Report"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\NianbaoJiaoyan"
!define INSTANCE_MUTEX "Local\NianbaoJiaoyan.Running"   ; gui/app.py INSTANCE_MUTEX
!define MIN_BUILD 17763                                  ; Windows 10 1809
; The right-click verbs: on report files (under SystemFileAssociations, whichever program opens
; the type) and on folders (the window's batch view).
!define VERB_CHECK "NianbaoJiaoyan.Check"
!define VERB_BATCH "NianbaoJiaoyan.Batch"
; Where the program keeps the user's things; must match the GUI's QCoreApplication
; organisation/application names (tests/test_packaging.py checks this) (QSettings → HKCU\Software\<org>\<app>, autosave →
; QStandardPaths.AppDataLocation = %APPDATA%\<org>\<app>).
!define SETTINGS_ORG "NianbaoJiaoyan"   ; gui/settings.py ORGANIZATION
!define SETTINGS_APP "nianbao-jiaoyan"  ; gui/settings.py APPLICATION

!ifdef SIGN_CMD
  !finalize '${SIGN_CMD} "%1"'
  !uninstfinalize '${SIGN_CMD} "%1"'
!endif

!ifdef NO_COMPRESS
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

Name "${PRODUCT}"
Caption "${PRODUCT} ${APP_VERSION} 安装"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${APP_VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"

!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装${PRODUCT}"
!define MUI_WELCOMEPAGE_TEXT "${PRODUCT}用于检查《政府信息公开工作年度报告》：读入 PDF、Word、Excel、网页或文本格式的年报，核对表二、表三、表四的勾稽关系和格式要求，并指出需要更正的地方。$\r$\n$\r$\n本程序只为当前用户安装，不需要管理员权限，也不需要联网。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_PARAMETERS "$\"$INSTDIR\_internal\resources\sample\示例年报.txt$\""
!define MUI_FINISHPAGE_RUN_TEXT "打开${PRODUCT}，查看示例年报的检查结果"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; 文件属性 → 详细信息 of setup.exe
VIProductVersion "${APP_VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "${COPYRIGHT}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "OriginalFilename" "nianbao-setup-${APP_VERSION}.exe"

; "打开方式" for one extension: a value under OpenWithProgids (the list Explorer offers) and
; the type in Applications\nianbao.exe\SupportedTypes. The extension's default value — which
; program opens it on double-click — is left alone.
!macro OpenWith EXT
  WriteRegStr HKCU "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}\SupportedTypes" "${EXT}" ""
!macroend
!macro UnOpenWith EXT
  DeleteRegValue HKCU "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}"
  DeleteRegKey HKCU "Software\Classes\SystemFileAssociations\${EXT}\shell\${VERB_CHECK}"
  DeleteRegKey /ifempty HKCU "Software\Classes\SystemFileAssociations\${EXT}\shell"
  DeleteRegKey /ifempty HKCU "Software\Classes\SystemFileAssociations\${EXT}"
!macroend
; Right-click → "用年报校验检查" on one report type.
!macro CheckVerb EXT
  WriteRegStr HKCU "Software\Classes\SystemFileAssociations\${EXT}\shell\${VERB_CHECK}" "" "用${PRODUCT}检查"
  WriteRegStr HKCU "Software\Classes\SystemFileAssociations\${EXT}\shell\${VERB_CHECK}" "Icon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\SystemFileAssociations\${EXT}\shell\${VERB_CHECK}\command" "" '"$INSTDIR\${EXE}" "%1"'
!macroend
; Every type the readers take (core/readers; .doc .wps .et .xls .ofd included): "打开方式" and
; the right-click verb for each, and removed for each on uninstall.
!macro ForEachReportType MACRO
  !insertmacro ${MACRO} ".pdf"
  !insertmacro ${MACRO} ".docx"
  !insertmacro ${MACRO} ".doc"
  !insertmacro ${MACRO} ".wps"
  !insertmacro ${MACRO} ".xlsx"
  !insertmacro ${MACRO} ".xls"
  !insertmacro ${MACRO} ".et"
  !insertmacro ${MACRO} ".html"
  !insertmacro ${MACRO} ".htm"
  !insertmacro ${MACRO} ".mht"
  !insertmacro ${MACRO} ".mhtml"
  !insertmacro ${MACRO} ".txt"
  !insertmacro ${MACRO} ".ofd"
  !insertmacro ${MACRO} ".png"
  !insertmacro ${MACRO} ".jpg"
  !insertmacro ${MACRO} ".jpeg"
  !insertmacro ${MACRO} ".tif"
  !insertmacro ${MACRO} ".tiff"
  !insertmacro ${MACRO} ".bmp"
!macroend

; A running 年报校验 keeps _internal's DLLs open: replacing or removing them now would leave a
; half-updated program. Ask the clerk to close it (silent: exit 3).
!macro EnsureNotRunning UN
Function ${UN}EnsureNotRunning
  retry:
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${INSTANCE_MUTEX}") p .r0'
    ${If} $0 <> 0
      System::Call 'kernel32::CloseHandle(p r0)'
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${PRODUCT}正在运行。$\r$\n$\r$\n请先导出正在检查的年报中的修改，关闭${PRODUCT}的所有窗口，然后点“重试”。$\r$\n点“取消”退出，不做任何更改。" /SD IDCANCEL IDRETRY retry
      SetErrorLevel 3
      Quit
    ${EndIf}
FunctionEnd
!macroend
!insertmacro EnsureNotRunning ""
!insertmacro EnsureNotRunning "un."

Function .onInit
  SetShellVarContext current
  ; Qt 6 and Python 3.11 need Windows 10 1809 or later: say so instead of installing a program
  ; that will not start (a township PC may still run Windows 7).
  ${IfNot} ${AtLeastBuild} ${MIN_BUILD}
    ${WinVerGetMajor} $0
    ${WinVerGetMinor} $1
    ${WinVerGetBuild} $2
    MessageBox MB_OK|MB_ICONSTOP "${PRODUCT}需要 Windows 10 1809 版（版本 10.0.${MIN_BUILD}）或更高版本（Windows 10 或 Windows 11）。$\r$\n$\r$\n这台电脑的 Windows 版本是 $0.$1.$2，无法运行${PRODUCT}，因此不会安装。请联系单位的信息技术人员升级 Windows。" /SD IDOK
    SetErrorLevel 4
    Quit
  ${EndIf}
  Call EnsureNotRunning
FunctionEnd

Function un.onInit
  SetShellVarContext current
  Call un.EnsureNotRunning
FunctionEnd

Section "${PRODUCT}（必需）" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An update replaces the whole bundle: stale libraries from an older version must not linger.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST_DIR}\*"
  WriteUninstaller "$INSTDIR\uninst.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 SW_SHOWNORMAL "" "检查政府信息公开工作年度报告"

  ; The program's own file type, used only through "打开方式".
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "政府信息公开工作年度报告"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "FriendlyTypeName" "政府信息公开工作年度报告"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open" "FriendlyAppName" "${PRODUCT}"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}" "FriendlyAppName" "${PRODUCT}"
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  !insertmacro ForEachReportType OpenWith
  !insertmacro ForEachReportType CheckVerb
  ; Right-click a folder (or the background of an open folder) → the batch view on it.
  WriteRegStr HKCU "Software\Classes\Directory\shell\${VERB_BATCH}" "" "用${PRODUCT}批量检查"
  WriteRegStr HKCU "Software\Classes\Directory\shell\${VERB_BATCH}" "Icon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\Directory\shell\${VERB_BATCH}\command" "" '"$INSTDIR\${EXE}" "%1"'
  WriteRegStr HKCU "Software\Classes\Directory\Background\shell\${VERB_BATCH}" "" "用${PRODUCT}批量检查"
  WriteRegStr HKCU "Software\Classes\Directory\Background\shell\${VERB_BATCH}" "Icon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\Directory\Background\shell\${VERB_BATCH}\command" "" '"$INSTDIR\${EXE}" "%V"'

  ; 设置 → 应用 (Add/Remove Programs), per user.
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${APP_VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninst.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninst.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0

  ; Tell Explorer the "打开方式" lists changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "桌面快捷方式" SecDesktop
  SetShellVarContext current
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 SW_SHOWNORMAL "" "检查政府信息公开工作年度报告"
SectionEnd

Section "Uninstall"
  SetShellVarContext current

  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"

  !insertmacro ForEachReportType UnOpenWith
  DeleteRegKey HKCU "Software\Classes\Directory\shell\${VERB_BATCH}"
  DeleteRegKey HKCU "Software\Classes\Directory\Background\shell\${VERB_BATCH}"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  DeleteRegKey HKCU "Software\Classes\Applications\${EXE}"
  DeleteRegKey HKCU "${UNINST_KEY}"

  ; Only what the installer put there: never RMDir /r the folder itself, in case someone
  ; installed into a folder that also holds their own files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\nianbao.exe"
  Delete "$INSTDIR\nianbao-cli.exe"
  Delete "$INSTDIR\uninst.exe"
  RMDir "$INSTDIR"

  ; The user's settings and autosaved work stay unless they ask (or /PURGE is given).
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    Goto purge
  ${EndIf}
  MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "是否同时删除您的设置和自动保存的检查记录？$\r$\n$\r$\n选“否”将保留它们，以后重新安装${PRODUCT}可以继续使用。" /SD IDNO IDYES purge
  Goto done
  purge:
    DeleteRegKey HKCU "Software\${SETTINGS_ORG}\${SETTINGS_APP}"
    DeleteRegKey /ifempty HKCU "Software\${SETTINGS_ORG}"
    RMDir /r "$APPDATA\${SETTINGS_ORG}\${SETTINGS_APP}"
    RMDir "$APPDATA\${SETTINGS_ORG}"
    RMDir /r "$LOCALAPPDATA\${SETTINGS_ORG}\${SETTINGS_APP}"
    RMDir "$LOCALAPPDATA\${SETTINGS_ORG}"
  done:

  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
