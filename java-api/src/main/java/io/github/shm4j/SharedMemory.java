/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.ObjectKind;
import io.github.shm4j.internal.OpenOrCreate;
import io.github.shm4j.internal.Platform;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A named shared memory object (or a regular file mapped as one), open in this
 * process. Create one with {@link #create}, open an existing one with {@link #open},
 * and read and write it through the {@link MappedView}s that {@link #map} returns:
 *
 * <pre>{@code
 * try (SharedMemory shm = SharedMemory.create("Local\\SampleMap", 65536);
 *      MappedView view = shm.map(0, 1024, Access.READ_WRITE)) {
 *     view.putString(0, "Message from the first process.", StandardCharsets.UTF_16LE);
 * }
 * }</pre>
 *
 * <h2>Names</h2>
 * {@code Local\X}, {@code Global\X} and plain {@code X}. Windows gets them as given.
 * On Linux all three name the POSIX object {@code /X}: the object that C's
 * {@code shm_open("/X")}, Python's {@code SharedMemory(name="X")} and
 * Boost.Interprocess use. Names that cannot work (empty, too long, {@code .} or
 * {@code ..}, a {@code /}, {@code \} or NUL after the prefix) throw
 * {@link InvalidNameException} before any system call.
 *
 * <h2>Lifetime</h2>
 * {@link #close()} unmaps every view of this object (see {@link MappedView#close()})
 * and closes the handle. The name lives as on Windows by default, on Linux too: while
 * any process has the object open; the last one to close it removes the name, and a
 * name whose every holder died ({@code kill -9}) is stale: {@link #open} reports
 * {@link NotFoundException} and {@link #create} replaces it. See {@link NameLifetime}
 * for the details, for C and Python peers, and for the POSIX alternative.
 *
 * <p>An object that is never closed is released by the garbage collector, with a
 * warning logged to the {@code io.github.shm4j} {@link System.Logger}, once neither it
 * nor any buffer of a view that is still open is reachable: a buffer in use keeps
 * its object, and so its name, alive.
 *
 * <h2>Threads and processes</h2>
 * Instances are safe for use by many threads: {@link #map} and {@link #close()} may
 * race, and close is idempotent. Across processes this class coordinates nothing:
 * use the atomic accessors of {@link MappedView} (or your own locks) to order reads
 * and writes between processes.
 */
public final class SharedMemory implements AutoCloseable {
    private final Subject subject;
    private final long size;
    private final Access access;
    private final boolean creator;
    private final Optional<Path> file;
    private final ObjectHandle handle;
    private final Cleaner.Cleanable cleanable;

    private SharedMemory(Subject subject, long size, Access access, boolean creator, Optional<Path> file,
            long nativeHandle) {
        this.subject = subject;
        this.size = size;
        this.access = access;
        this.creator = creator;
        this.file = file;
        ObjectHandle h = new ObjectHandle(nativeHandle, subject);
        this.handle = h;
        this.cleanable = Resources.CLEANER.register(this, h::ownerCollected); // refers to the handle only
    }

    /**
     * Creates a new object of {@code size} bytes, zero-filled, open for
     * {@link Access#READ_WRITE}, with the {@linkplain CreateOptions#defaults() default options}.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X} (see
     *     the class comment)
     * @param size the object's size in bytes, greater than 0
     * @return the new object, open for {@link Access#READ_WRITE}; {@link #isCreator()} is true
     * @throws AlreadyExistsException if the name is taken
     * @throws InsufficientSpaceException if the memory cannot be reserved
     * @throws InvalidNameException if the name cannot work on this OS
     * @throws IllegalArgumentException if {@code size <= 0}
     */
    public static SharedMemory create(String name, long size) {
        return create(name, size, CreateOptions.defaults());
    }

    /**
     * Creates a new object of {@code size} bytes with {@code options}. The memory is
     * reserved now, so a full /dev/shm or commit limit fails here
     * ({@link InsufficientSpaceException}) and never later as a crash. No other process
     * can open the object before it is complete: on POSIX it is built without a name
     * and published in one step. A {@linkplain NameLifetime#HELD held} name whose
     * holders all died is replaced.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X} (see
     *     the class comment)
     * @param size the object's size in bytes, greater than 0
     * @param options the permissions and name lifetime of the new object
     * @return the new object, open for {@link Access#READ_WRITE}; {@link #isCreator()} is true
     * @throws AlreadyExistsException if the name is taken by a live or persistent object
     * @throws InsufficientSpaceException if the memory cannot be reserved
     * @throws InvalidNameException if the name cannot work on this OS
     * @throws PermissionDeniedException if the OS refuses
     * @throws IllegalArgumentException if {@code size <= 0}
     */
    public static SharedMemory create(String name, long size, CreateOptions options) {
        Objects.requireNonNull(options, "options");
        ShmName n = ShmName.of(Objects.requireNonNull(name, "name"), "create");
        requirePositive(size);
        ShmNative.ensureLoaded();
        Subject subject = new Subject(ObjectKind.SHARED_MEMORY, name);
        long h = Errors.call("create", subject,
                () -> ShmNative.create(n.osBytes, size, options.mode(), options.createFlags()));
        return new SharedMemory(subject, size, Access.READ_WRITE, true, Optional.empty(), h);
    }

    /**
     * Opens an existing object. {@link Access#READ_WRITE} allows views of every kind;
     * {@link Access#READ_ONLY} and {@link Access#COPY_ON_WRITE} open it for reading and
     * allow read-only and copy-on-write views. On POSIX, {@link Access#READ_WRITE}
     * also reserves the object's memory where it has holes (an object made sparse by
     * another program), so that a full /dev/shm fails here and never later as a crash.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X} (see
     *     the class comment)
     * @param access the access to open the object with, which bounds the views it allows
     * @return the opened object; its {@link #size()} is the existing object's size
     * @throws NotFoundException if no object has that name, or its name is stale (see {@link NameLifetime})
     * @throws PermissionDeniedException if the OS refuses the access
     * @throws InsufficientSpaceException if {@code READ_WRITE} cannot reserve the object's holes
     * @throws InvalidNameException if the name cannot work on this OS
     */
    public static SharedMemory open(String name, Access access) {
        ShmName n = ShmName.of(Objects.requireNonNull(name, "name"), "open");
        Objects.requireNonNull(access, "access");
        ShmNative.ensureLoaded();
        Subject subject = new Subject(ObjectKind.SHARED_MEMORY, name);
        long h = Errors.call("open", subject, () -> ShmNative.open(n.osBytes, access.objectMode()));
        return opened(subject, access, Optional.empty(), h);
    }

    /**
     * Opens the object for {@link Access#READ_WRITE} if it exists, else creates it
     * with {@code size} bytes and {@code options}. {@link #isCreator()} tells which.
     * An existing object keeps its own size.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X} (see
     *     the class comment)
     * @param size the size in bytes if the object is created, greater than 0 even if it exists
     * @param options the permissions and name lifetime if the object is created
     * @return the opened or created object, open for {@link Access#READ_WRITE}
     * @throws InvalidNameException if the name cannot work on this OS
     * @throws IllegalArgumentException if {@code size <= 0}
     * @throws NotFoundException if, many times in a row, the name was removed between a failed
     *     create and the open that followed it
     */
    public static SharedMemory openOrCreate(String name, long size, CreateOptions options) {
        // A peer that creates and removes the name in a loop can make both steps lose
        // their race; give up (NotFoundException) only after many lost races in a row.
        return OpenOrCreate.attempt(() -> create(name, size, options), () -> open(name, Access.READ_WRITE),
                OpenOrCreate.ROUNDS);
    }

    /**
     * {@link #openOrCreate(String, long, CreateOptions)} with the default options.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X} (see
     *     the class comment)
     * @param size the size in bytes if the object is created, greater than 0 even if it exists
     * @return the opened or created object, open for {@link Access#READ_WRITE}
     * @throws InvalidNameException if the name cannot work on this OS
     * @throws IllegalArgumentException if {@code size <= 0}
     */
    public static SharedMemory openOrCreate(String name, long size) {
        return openOrCreate(name, size, CreateOptions.defaults());
    }

    /**
     * Maps a regular file as a shared object: every process that maps the same file
     * shares its pages, and {@link MappedView#force()} writes them to the file.
     * With {@link Access#READ_WRITE} a missing file is created (owner-only) and a
     * shorter one extended to {@code size} bytes; existing content is kept and a
     * longer file is not shortened. With {@code size} 0, or read-only access, the
     * file keeps its size (a read-only file must already be at least {@code size} bytes).
     * A call that fails leaves no file it created behind. Holes of an existing sparse
     * file are not reserved: a write into one on a full disk surfaces as a
     * {@link MemoryFaultException}.
     *
     * @param path the file to map; a relative path is resolved against the working directory
     * @param size the size in bytes the file must have at least, or 0 to take the file's size
     * @param access the access to open the file with, which bounds the views it allows
     * @return the opened object; its {@link #size()} is the file's size after any extension
     * @throws NotFoundException if a file opened read-only does not exist
     * @throws PermissionDeniedException if the OS refuses the access
     * @throws IllegalArgumentException if {@code size < 0}, or the file is empty and {@code size} is 0
     */
    public static SharedMemory openFile(Path path, long size, Access access) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        ShmNative.ensureLoaded();
        Subject subject = new Subject(ObjectKind.FILE, path.toString());
        byte[] nativePath = path.toAbsolutePath().toString().getBytes(FileNames.CHARSET);
        long h = Errors.call("open", subject, () -> ShmNative.openFile(nativePath, size, access.objectMode(),
                CreateOptions.defaults().mode(), access == Access.READ_WRITE ? ShmNative.FILE_CREATE : 0));
        return opened(subject, access, Optional.of(path), h);
    }

    /**
     * How the OS wants file names: Windows takes UTF-8 (the native layer converts it
     * to UTF-16); POSIX takes the bytes the JDK itself uses ({@code sun.jnu.encoding}).
     */
    private static final class FileNames {
        static final Charset CHARSET = Platform.isWindows() ? StandardCharsets.UTF_8 : jnuEncoding();

        private static Charset jnuEncoding() {
            String name = System.getProperty("sun.jnu.encoding");
            try {
                return name == null ? Charset.defaultCharset() : Charset.forName(name);
            } catch (IllegalArgumentException e) {
                return Charset.defaultCharset();
            }
        }
    }

    /** Wraps an opened handle after asking the object's real size; closes it if that fails. */
    private static SharedMemory opened(Subject subject, Access access, Optional<Path> file, long h) {
        long size;
        try {
            size = Errors.call("open", subject, () -> ShmNative.size(h));
        } catch (RuntimeException e) {
            Errors.run("close", subject, () -> ShmNative.close(h));
            throw e;
        }
        return new SharedMemory(subject, size, access, false, file, h);
    }

    /**
     * Removes a name now (POSIX {@code shm_unlink}): new opens fail, while processes
     * that have the object open or mapped keep it. On Windows names cannot be removed
     * (they vanish with their last handle), and this does nothing.
     *
     * @param name the object's name, {@code Local\X}, {@code Global\X} or {@code X} (see
     *     the class comment)
     * @throws NotFoundException if no object has that name (POSIX)
     */
    public static void remove(String name) {
        ShmName n = ShmName.of(Objects.requireNonNull(name, "name"), "remove");
        ShmNative.ensureLoaded();
        Errors.run("remove", new Subject(ObjectKind.SHARED_MEMORY, name), () -> ShmNative.remove(n.osBytes));
    }

    /**
     * Maps {@code length} bytes at {@code offset}. Any offset works: the view is
     * aligned to the OS's mapping granularity internally. The view's buffer is at
     * most {@link Integer#MAX_VALUE} bytes; map several views to reach all of a
     * larger object. A view that is never closed is unmapped once it and its
     * buffers are unreachable (it does not keep this object's views from being
     * collected).
     *
     * @param offset where the view starts, in bytes from the start of the object
     * @param length the view's length in bytes, {@code 1..Integer.MAX_VALUE}
     * @param access the view's access: {@link Access#READ_WRITE} needs an object opened for
     *     {@code READ_WRITE}
     * @return a new view, open until it or this object is closed
     * @throws IndexOutOfBoundsException if {@code [offset, offset + length)} is not inside the object
     * @throws IllegalArgumentException if {@code length} is not in {@code 1..Integer.MAX_VALUE}, or a
     *         writable view is asked of an object opened for reading
     * @throws IllegalStateException if this object is closed
     */
    public MappedView map(long offset, long length, Access access) {
        Objects.requireNonNull(access, "access");
        if (length <= 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a view's length must be 1.." + Integer.MAX_VALUE + ": " + length);
        }
        Objects.checkFromIndexSize(offset, length, size);
        if (access == Access.READ_WRITE && this.access != Access.READ_WRITE) {
            throw new IllegalArgumentException("cannot map a READ_WRITE view of " + subject
                    + " opened " + this.access);
        }
        long delta = offset % Granularity.VALUE;
        ViewState state = handle.map(offset - delta, length + delta, access, offset);
        long address = state.address() + delta;
        ByteBuffer buffer;
        try {
            buffer = ShmNative.buffer(address, (int) length).order(ByteOrder.nativeOrder());
        } catch (RuntimeException | Error e) {
            state.run(); // no buffer exists: nothing can reach the mapping
            throw e;
        }
        MappedView view = new MappedView(this, handle, state, buffer, address, offset, access);
        state.attach(view);
        return view;
    }

    /** The mapping granularity, asked once. */
    private static final class Granularity {
        static final long VALUE = ShmNative.mapGranularity();
    }

    /** The native object, for views. */
    ObjectHandle handle() {
        return handle;
    }

    /** What this object is, for messages. */
    Subject subject() {
        return subject;
    }

    /**
     * The name as given to {@link #create} or {@link #open}, or the file's path.
     *
     * @return the name, or for {@link #openFile} the path as given
     */
    public String name() {
        return subject.name;
    }

    /**
     * The object's size in bytes: as created, or as the OS reports it when opened (Windows: whole pages).
     *
     * @return the size in bytes, fixed when this instance was created or opened
     */
    public long size() {
        return size;
    }

    /**
     * The access this process opened the object with.
     *
     * @return the access given to {@code open}; {@link Access#READ_WRITE} for a created object
     */
    public Access access() {
        return access;
    }

    /**
     * Whether this process created the object.
     *
     * @return {@code true} if this instance created the object; {@code false} for {@link #open},
     *     {@link #openFile} and an {@link #openOrCreate} that found the object
     */
    public boolean isCreator() {
        return creator;
    }

    /**
     * The mapped file, for objects from {@link #openFile}.
     *
     * @return the path given to {@link #openFile}, or empty for a named object
     */
    public Optional<Path> file() {
        return file;
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return {@code true} once {@link #close()} has been called
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /**
     * Closes every open view of this object and closes the handle; on POSIX the last
     * holder's close removes a {@linkplain NameLifetime#HELD held} name. Idempotent and
     * thread-safe.
     *
     * @throws SharedMemoryException if the OS reports an error; everything is released regardless
     */
    @Override
    public void close() {
        try {
            handle.close();
        } finally {
            cleanable.clean(); // runs ownerCollected, which sees the handle closed and only deregisters
        }
    }

    private static void requirePositive(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be greater than zero: " + size);
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[" + subject + ", size=" + size + ", access=" + access
                + (creator ? ", creator" : "") + (isClosed() ? ", closed" : "") + "]";
    }
}
