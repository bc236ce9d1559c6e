/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 *
 * jni_md.h - the machine-dependent part of jni.h for Windows (x86_64, and any
 * other Windows target), used when cross-building shm4j.dll with MinGW-w64 against
 * the JDK's portable jni.h.
 *
 * Why our own copy: a cross build on Linux only has the JDK's include/linux/
 * jni_md.h, which is wrong for Windows:
 *  - JNIEXPORT is __attribute__((visibility("default"))), which means nothing to a
 *    PE/COFF linker: with -Wl,--exclude-all-symbols the DLL would export nothing
 *    and the JVM would not find JNI_OnLoad. Windows needs __declspec(dllexport).
 *  - JNICALL: the Windows JDK used to define it as __stdcall, which on x86_64 is
 *    the one calling convention anyway; JDK 25's jni.h defines it itself, empty.
 *    We define it empty too, so that either jni.h sees one identical definition.
 *  - jint is `int` and jlong is chosen by _LP64; Windows is LLP64 and the Windows
 *    JDK declares jint as `long` (32 bits there) and jlong as __int64.
 * The Windows JDK's own header (include/win32/jni_md.h) is what a JVM on Windows
 * was built with; this file reproduces its definitions, which matter to the C
 * side only (Java sees the same 32/64-bit values either way).
 *
 * Use: put -I<this directory> BEFORE the JDK's include directory and do not add
 * the JDK's include/linux. jni.h includes "jni_md.h", which is then found here.
 */
#ifndef _JAVASOFT_JNI_MD_H_
#define _JAVASOFT_JNI_MD_H_

#ifndef JNIEXPORT
#define JNIEXPORT __declspec(dllexport)
#endif
#define JNIIMPORT __declspec(dllimport)
/* Empty, exactly as JDK 25's jni.h redefines it (x86_64 has one convention). */
#define JNICALL

/* 'long' is 32 bits on Windows (LLP64), which is what the JDK expects. */
typedef long jint;
#ifdef _MSC_VER
typedef __int64 jlong;
#else
typedef long long jlong;
#endif
typedef signed char jbyte;

#endif /* !_JAVASOFT_JNI_MD_H_ */
