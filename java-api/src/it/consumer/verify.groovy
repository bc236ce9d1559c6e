// Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
//
// The consumer's three runs each printed their line (the build already failed if one
// exited non-zero); on the module path, shm4j was the named module io.github.shm4j.
def log = new File(basedir, 'build.log').text
def expected = [
    "JavaConsumer (class path, shm4j module null): read back 'Hello from Java', name gone after close",
    "JavaConsumer (module path, shm4j module io.github.shm4j): read back 'Hello from Java', name gone after close",
    "KotlinConsumer (class path): read back 'Hello from Kotlin', name gone after close",
]
def missing = expected.findAll { !log.contains(it) }
assert missing.isEmpty() : "not in build.log: ${missing}"
assert !log.contains('WARNING: A restricted method') : 'a JVM warned about native access'
println "verify.groovy: the Java (class and module path) and Kotlin consumers ran"
return true
