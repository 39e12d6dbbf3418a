@echo off
rem koldy launcher for Windows: builds the jar with Maven when it is missing or older than the
rem sources, then runs it. JAVA_HOME, KOLDY_JAVA_OPTS and KOLDY_ROOT work as in ./koldy.
setlocal EnableDelayedExpansion
set "KOLDY_HOME=%~dp0"
if "%KOLDY_HOME:~-1%"=="\" set "KOLDY_HOME=%KOLDY_HOME:~0,-1%"
set "JAR=%KOLDY_HOME%\target\koldy.jar"

rem Without ( ) blocks: a JAVA_HOME such as C:\Program Files (x86)\... would end a block early.
if not defined JAVA_HOME goto java_on_path
set "JAVA=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA%" goto java_found
echo koldy: JAVA_HOME is "%JAVA_HOME%", which has no bin\java.exe; set JAVA_HOME to a JDK 17 or newer, or unset it to use the java on the PATH. 1>&2
exit /b 2
:java_on_path
set "JAVA=java"
:java_found

set "STALE="
if not exist "%JAR%" (
  set "STALE=1"
) else (
  rem Any source file or the pom newer than the jar means rebuilding.
  for /f %%A in ('powershell -NoProfile -Command "$jar = (Get-Item -LiteralPath '%JAR%').LastWriteTime; Get-ChildItem -LiteralPath '%KOLDY_HOME%\src\main','%KOLDY_HOME%\pom.xml' -Recurse -File | Where-Object { $_.LastWriteTime -gt $jar } | Select-Object -First 1 | ForEach-Object { 'stale' }"') do set "STALE=1"
)

if defined STALE (
  where mvn >nul 2>nul
  if errorlevel 1 (
    echo koldy: %JAR% is missing or out of date, and Maven ^(mvn^) is not installed to build it. 1>&2
    exit /b 2
  )
  echo koldy: building %JAR% ^(first use or sources changed^)... 1>&2
  call mvn -B -q -f "%KOLDY_HOME%\pom.xml" -DskipTests package 1>&2
  if errorlevel 1 (
    echo koldy: the build failed; see Maven's output above. 1>&2
    exit /b 2
  )
)

rem The same short-run JVM options as ./koldy (see there why); KOLDY_JAVA_OPTS can override them.
"%JAVA%" -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:CompileThresholdScaling=0.3 -XX:+UseSerialGC -XX:NewRatio=4 -XX:-UsePerfData -Xms32m %KOLDY_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
