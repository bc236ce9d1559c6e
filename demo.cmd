@echo off
rem Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
rem
rem The file mapping sample from one command prompt: starts the demo server in a
rem new window, runs the demo client here, then leaves the server window waiting
rem for ENTER (on Windows the mapping lives as long as a process has it open).
rem
rem Usage: demo.cmd             Needs the jars: build them first with  mvn -B package
rem Uses %JAVA_HOME%\bin\java.exe if JAVA_HOME is set, else java from the PATH.
rem Exit status: the client's (0 if it read the message).
setlocal
cd /d "%~dp0"
set "SERVER_JAR=demo-server\target\shm4j-demo-server.jar"
set "CLIENT_JAR=demo-client\target\shm4j-demo-client.jar"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java.exe"

if not exist "%SERVER_JAR%" goto missing
if not exist "%CLIENT_JAR%" goto missing

echo ^> start "shm4j demo server" java -jar %SERVER_JAR%
start "shm4j demo server" "%JAVA%" -jar "%SERVER_JAR%"

rem Give the server's JVM time to create the mapping (about 3 seconds).
ping -n 4 127.0.0.1 >nul

echo ^> echo.^| java -jar %CLIENT_JAR%
echo.| "%JAVA%" -jar "%CLIENT_JAR%"
set "CLIENT_STATUS=%ERRORLEVEL%"
echo.
echo (client exited with status %CLIENT_STATUS%)
echo.
echo Now press ENTER in the "shm4j demo server" window to clean up and close it.
exit /b %CLIENT_STATUS%

:missing
echo demo.cmd: %SERVER_JAR% or %CLIENT_JAR% is missing; build the jars first:  mvn -B package 1>&2
exit /b 1
