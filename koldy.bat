@echo off
rem koldy launcher for Windows: runs koldy's jar. In koldy's source checkout it first builds the jar
rem with Maven when it is missing or older than the sources; in a project set up by "koldy init" it
rem runs the version .koldy\koldy.properties pins (fetched once into a per-user cache) or a committed
rem .koldy\koldy.jar; in the distribution, lib\koldy.jar. JAVA_HOME,
rem KOLDY_JAVA_OPTS and KOLDY_ROOT work as in ./koldy.
rem No ( ) blocks around paths and no delayed expansion: a path such as C:\Program Files (x86)\...
rem would end a block early, and delayed expansion would eat every ! in the arguments.
setlocal DisableDelayedExpansion
set "KOLDY_HOME=%~dp0"
if "%KOLDY_HOME:~-1%"=="\" set "KOLDY_HOME=%KOLDY_HOME:~0,-1%"

if not defined JAVA_HOME goto java_on_path
set "JAVA=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA%" goto java_found
echo koldy: JAVA_HOME is "%JAVA_HOME%", which has no bin\java.exe; set JAVA_HOME to a JDK 17 or newer, or unset it to use the java on the PATH. 1>&2
exit /b 2
:java_on_path
set "JAVA=java"
where java >nul 2>nul
if errorlevel 1 (
  echo koldy: no java on the PATH; install a JDK 17 or newer, or set JAVA_HOME to one. 1>&2
  exit /b 2
)
:java_found

set "CHECKOUT="
if exist "%KOLDY_HOME%\core\pom.xml" if exist "%KOLDY_HOME%\core\src\main\java\koldy\cli\Main.java" set "CHECKOUT=1"
if defined CHECKOUT goto checkout
set "JAR=%KOLDY_HOME%\.koldy\koldy.jar"
if exist "%JAR%" goto run
if exist "%KOLDY_HOME%\.koldy\koldy.properties" goto pinned
set "JAR=%KOLDY_HOME%\lib\koldy.jar"
if exist "%JAR%" goto run
echo koldy: "%JAR%" is missing; unpack the koldy distribution again, or run its koldy init in this project. 1>&2
exit /b 2

:checkout
set "JAR=%KOLDY_HOME%\core\target\koldy.jar"
set "STALE="
if not exist "%JAR%" set "STALE=1"
rem Any source file or the pom newer than the jar means rebuilding.
if not defined STALE for /f %%A in ('powershell -NoProfile -Command "$jar = (Get-Item -LiteralPath '%JAR%').LastWriteTime; Get-ChildItem -LiteralPath '%KOLDY_HOME%\core\src\main','%KOLDY_HOME%\core\pom.xml','%KOLDY_HOME%\pom.xml' -Recurse -File | Where-Object { $_.LastWriteTime -gt $jar } | Select-Object -First 1 | ForEach-Object { 'stale' }"') do set "STALE=1"
if not defined STALE goto run
where mvn >nul 2>nul
if errorlevel 1 goto no_maven
echo koldy: building "%JAR%" ^(first use or sources changed^)... 1>&2
rem Maven's output is kept out of sight unless the build fails, as ./koldy does.
set "BUILD_LOG=%TEMP%\koldy-build-%RANDOM%.log"
call mvn -B -q -f "%KOLDY_HOME%\core\pom.xml" -DskipTests -Dassembly.skipAssembly=true package >"%BUILD_LOG%" 2>&1
if errorlevel 1 goto build_failed
del "%BUILD_LOG%" >nul 2>nul
goto run

:build_failed
type "%BUILD_LOG%" 1>&2
del "%BUILD_LOG%" >nul 2>nul
echo koldy: the build failed; see Maven's output above. 1>&2
exit /b 2

:no_maven
echo koldy: "%JAR%" is missing or out of date, and Maven ^(mvn^) is not installed to build it. 1>&2
exit /b 2

:pinned
rem The version .koldy\koldy.properties pins, fetched once from a Maven repository into a per-user
rem cache (KOLDY_USER_CACHE, else %LOCALAPPDATA%\koldy), checked against its SHA-256, as ./koldy does.
set "KOLDY_PROPERTIES=%KOLDY_HOME%\.koldy\koldy.properties"
set "JAR="
for /f "usebackq delims=" %%J in (`powershell -NoProfile -ExecutionPolicy Bypass -Command "$ErrorActionPreference = 'Stop'; $p = @{}; Get-Content -LiteralPath $env:KOLDY_PROPERTIES | ForEach-Object { if ($_ -match '^\s*([\w.]+)\s*=\s*(.*?)\s*$') { $p[$Matches[1]] = $Matches[2] } }; $v = $p['version']; $s = $p['sha256']; if (-not $v -or -not $s) { [Console]::Error.WriteLine('koldy: .koldy\koldy.properties needs version= and sha256= lines (koldy init writes them).'); exit 2 }; $r = $env:KOLDY_REPOSITORY; if (-not $r) { $r = $p['repository'] }; if (-not $r) { $r = 'https://repo.maven.apache.org/maven2' }; $c = $env:KOLDY_USER_CACHE; if (-not $c) { $c = Join-Path $env:LOCALAPPDATA 'koldy' }; $j = Join-Path (Join-Path $c $v) ('koldy-' + $v + '-' + $s.Substring(0, 12) + '.jar'); if (-not (Test-Path -LiteralPath $j)) { New-Item -ItemType Directory -Force -Path (Split-Path $j) | Out-Null; $u = $r.TrimEnd('/') + '/io/koldy/koldy/' + $v + '/koldy-' + $v + '-cli.jar'; [Console]::Error.WriteLine('koldy: fetching koldy ' + $v + ' from ' + $u); $t = $j + '.part'; try { Invoke-WebRequest -UseBasicParsing -Uri $u -OutFile $t } catch { [Console]::Error.WriteLine('koldy: could not fetch ' + $u + ' (set repository= in .koldy\koldy.properties, or KOLDY_REPOSITORY, to a Maven repository that has it).'); exit 2 }; $h = (Get-FileHash -Algorithm SHA256 -LiteralPath $t).Hash.ToLower(); if ($h -ne $s.ToLower()) { Remove-Item -LiteralPath $t; [Console]::Error.WriteLine('koldy: ' + $u + ' has SHA-256 ' + $h + ', not ' + $s + ' as .koldy\koldy.properties pins; nothing was run.'); exit 2 }; Move-Item -Force -LiteralPath $t -Destination $j }; $j"`) do set "JAR=%%J"
if not defined JAR exit /b 2
goto run

:run
rem A Java migration can end the JVM itself (Runtime.halt(0)) with exit 0. koldy exits with
rem KOLDY_SUCCESS_EXIT_CODE (86) when it finished with nothing wrong, so a 0 is a run that did not finish.
set "KOLDY_SUCCESS_EXIT_CODE=86"
rem The same short-run JVM options as ./koldy (see there why); KOLDY_JAVA_OPTS can override them.
"%JAVA%" -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:CompileThresholdScaling=0.3 -XX:+UseSerialGC -XX:NewRatio=4 -XX:-UsePerfData -Xms32m %KOLDY_JAVA_OPTS% -jar "%JAR%" %*
set "KOLDY_EXIT=%ERRORLEVEL%"
if "%KOLDY_EXIT%"=="86" exit /b 0
if not "%KOLDY_EXIT%"=="0" goto finish
echo koldy: the JVM ended with exit 0 before koldy finished (a Java migration that called Runtime.halt?), so the run did not complete; koldy status shows what is recorded. 1>&2
set "KOLDY_EXIT=1"
:finish
exit /b %KOLDY_EXIT%
