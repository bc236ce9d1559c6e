/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.ErrorKind;
import io.github.shm4j.internal.NativeException;
import io.github.shm4j.internal.NativeLibrary;
import io.github.shm4j.internal.ShmNative;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 * and closes the handle. On Linux, the creator's close also removes the name unless
 * {@link CreateOptions#withRemoveOnClose(boolean)} says otherwise; processes that
 * still map the object keep it. On Windows an object lives while any process has a
 * handle or view. An object that is never closed is released by the garbage
 * collector, with a warning logged to the {@code io.github.shm4j} {@link System.Logger}.
 *
 * <h2>Threads and processes</h2>
 * Instances are safe for use by many threads: {@link #map} and {@link #close()} may
 * race, and close is idempotent. Across processes this class coordinates nothing:
 * use the atomic accessors of {@link MappedView} (or your own locks) to order reads
 * and writes between processes.
 */
public final class SharedMemory implements AutoCloseable {
    private final String name;
    private final String noun;
    private final long size;
    private final Access access;
    private final boolean creator;
    private final Optional<Path> file;
    private final Handle handle;
    private final Cleaner.Cleanable cleanable;
    /** Open views; guarded by {@code handle}. */
    private final Set<MappedView> views = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * The native handle and what closing it involves. The cleaner's action for a
     * forgotten object: it must not refer to the SharedMemory.
     */
    private static final class Handle implements Runnable {
        final long value;
        final byte[] removeName; // empty: do not remove on close
        final String description;
        boolean closed; // guarded by this

        Handle(long value, byte[] removeName, String description) {
            this.value = value;
            this.removeName = removeName;
            this.description = description;
        }

        @Override
        public synchronized void run() {
            if (!closed) {
                closed = true;
                Resources.warnForgotten(description);
                try {
                    release();
                } catch (NativeException e) {
                    Resources.LOG.log(System.Logger.Level.WARNING, "cannot release " + description, e);
                }
            }
        }

        /**
         * Removes the name if it still names this object (not a newer object that
         * took it over), then closes the handle; the handle is closed even if
         * removing fails.
         */
        void release() {
            try {
                if (removeName.length > 0) {
                    removeIfStillOurs(value, removeName);
                }
            } finally {
                ShmNative.close(value);
            }
        }
    }

    private SharedMemory(String name, String noun, long size, Access access, boolean creator,
            Optional<Path> file, long handle, byte[] removeName) {
        this.name = name;
        this.noun = noun;
        this.size = size;
        this.access = access;
        this.creator = creator;
        this.file = file;
        this.handle = new Handle(handle, removeName, noun + " '" + name + "'");
        this.cleanable = Resources.CLEANER.register(this, this.handle);
    }

    /**
     * Creates a new object of {@code size} bytes, zero-filled, open for
     * {@link Access#READ_WRITE}, with the {@linkplain CreateOptions#defaults() default options}.
     *
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
     * ({@link InsufficientSpaceException}) and never later as a crash.
     *
     * @throws AlreadyExistsException if the name is taken (and not replaceable as stale)
     * @throws InsufficientSpaceException if the memory cannot be reserved
     * @throws InvalidNameException if the name cannot work on this OS
     * @throws PermissionDeniedException if the OS refuses
     * @throws IllegalArgumentException if {@code size <= 0}
     */
    public static SharedMemory create(String name, long size, CreateOptions options) {
        Objects.requireNonNull(options, "options");
        ShmName n = ShmName.of(Objects.requireNonNull(name, "name"), "create");
        requirePositive(size);
        NativeLibrary.ensureLoaded();
        long h;
        try {
            h = ShmNative.create(n.osBytes, size, options.mode(),
                    options.replaceStale() ? ShmNative.CREATE_REPLACE_STALE : 0);
        } catch (NativeException e) {
            throw Errors.of("create", "shared memory", name, e);
        }
        return new SharedMemory(name, "shared memory", size, Access.READ_WRITE, true, Optional.empty(), h,
                options.removeOnClose() ? n.osBytes : new byte[0]); // Windows: removing is a no-op
    }

    /**
     * Opens an existing object. {@link Access#READ_WRITE} allows views of every kind;
     * {@link Access#READ_ONLY} and {@link Access#COPY_ON_WRITE} open it for reading and
     * allow read-only and copy-on-write views.
     *
     * @throws NotFoundException if no object has that name
     * @throws PermissionDeniedException if the OS refuses the access
     * @throws InvalidNameException if the name cannot work on this OS
     */
    public static SharedMemory open(String name, Access access) {
        ShmName n = ShmName.of(Objects.requireNonNull(name, "name"), "open");
        Objects.requireNonNull(access, "access");
        NativeLibrary.ensureLoaded();
        long h;
        try {
            h = ShmNative.open(n.osBytes, access.objectMode());
        } catch (NativeException e) {
            throw Errors.of("open", "shared memory", name, e);
        }
        return opened(name, "shared memory", access, Optional.empty(), h);
    }

    /**
     * Opens the object for {@link Access#READ_WRITE} if it exists, else creates it
     * with {@code size} bytes and {@code options}. {@link #isCreator()} tells which.
     * An existing object keeps its own size.
     */
    public static SharedMemory openOrCreate(String name, long size, CreateOptions options) {
        for (int attempt = 0; ; attempt++) {
            try {
                return create(name, size, options);
            } catch (AlreadyExistsException exists) {
                try {
                    return open(name, Access.READ_WRITE);
                } catch (NotFoundException removedMeanwhile) {
                    if (attempt == 2) {
                        throw removedMeanwhile;
                    }
                }
            }
        }
    }

    /** {@link #openOrCreate(String, long, CreateOptions)} with the default options. */
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
     *
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
        NativeLibrary.ensureLoaded();
        String shown = path.toString();
        long h;
        try {
            h = ShmNative.openFile(path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8), size,
                    access.objectMode(), CreateOptions.defaults().mode(),
                    access == Access.READ_WRITE ? ShmNative.FILE_CREATE : 0);
        } catch (NativeException e) {
            if (e.code() == 0 && e.kind() == ErrorKind.INVALID_ARGUMENT) {
                throw new IllegalArgumentException("cannot map file '" + shown + "': " + e.text(), e);
            }
            throw Errors.of("open", "file", shown, e);
        }
        return opened(shown, "file", access, Optional.of(path), h);
    }

    /** Wraps an opened handle after asking the object's real size; closes it if that fails. */
    private static SharedMemory opened(String name, String noun, Access access, Optional<Path> file, long h) {
        long size;
        try {
            size = ShmNative.size(h);
        } catch (NativeException e) {
            ShmNative.close(h);
            throw Errors.of("open", noun, name, e);
        }
        return new SharedMemory(name, noun, size, access, false, file, h, new byte[0]);
    }

    /**
     * Removes a name now (POSIX {@code shm_unlink}): new opens fail, while processes
     * that have the object open or mapped keep it. On Windows names cannot be removed
     * (they vanish with their last handle), and this does nothing.
     *
     * @throws NotFoundException if no object has that name (POSIX)
     */
    public static void remove(String name) {
        ShmName n = ShmName.of(Objects.requireNonNull(name, "name"), "remove");
        NativeLibrary.ensureLoaded();
        try {
            ShmNative.remove(n.osBytes);
        } catch (NativeException e) {
            throw Errors.of("remove", "shared memory", name, e);
        }
    }

    private static void removeIfStillOurs(long handle, byte[] osName) {
        try {
            ShmNative.removeIfSame(handle, osName);
        } catch (NativeException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e; // NOT_FOUND: removed already, or the name is another object's now
            }
        }
    }

    /**
     * Maps {@code length} bytes at {@code offset}. Any offset works: the view is
     * aligned to the OS's mapping granularity internally. The view's buffer is at
     * most {@link Integer#MAX_VALUE} bytes; map several views to reach all of a
     * larger object.
     *
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
            throw new IllegalArgumentException("cannot map a READ_WRITE view of " + noun + " '" + name
                    + "' opened " + this.access);
        }
        long granularity = Granularity.VALUE;
        long delta = offset % granularity;
        synchronized (handle) {
            checkOpen();
            long address;
            try {
                address = ShmNative.map(handle.value, offset - delta, length + delta, access.viewMode());
            } catch (NativeException e) {
                throw Errors.of("map", noun, name, e);
            }
            ViewState state = new ViewState(address, length + delta, access, offset, handle.description);
            ByteBuffer buffer;
            try {
                buffer = ShmNative.buffer(address + delta, (int) length).order(ByteOrder.nativeOrder());
            } catch (RuntimeException | Error e) {
                ShmNative.unmap(address, length + delta); // no buffer exists: nothing can reach it
                throw e;
            }
            MappedView view = new MappedView(this, state, buffer, address + delta, offset, access);
            views.add(view);
            return view;
        }
    }

    /** The mapping granularity, asked once. */
    private static final class Granularity {
        static final long VALUE = ShmNative.mapGranularity();
    }

    /** Called by a view that closes itself. */
    void forget(MappedView view) {
        synchronized (handle) {
            views.remove(view);
        }
    }

    /** The handle, for {@link MappedView#force()}; the caller holds no lock. */
    long handle() {
        return handle.value;
    }

    /** "shared memory 'X'" or "file 'X'", for messages. */
    String description() {
        return handle.description;
    }

    /** The name as given to {@link #create} or {@link #open}, or the file's path. */
    public String name() {
        return name;
    }

    /** The object's size in bytes: as created, or as the OS reports it when opened (Windows: whole pages). */
    public long size() {
        return size;
    }

    /** The access this process opened the object with. */
    public Access access() {
        return access;
    }

    /** Whether this process created the object (and, by default, removes its name on close). */
    public boolean isCreator() {
        return creator;
    }

    /** The mapped file, for objects from {@link #openFile}. */
    public Optional<Path> file() {
        return file;
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        synchronized (handle) {
            return handle.closed;
        }
    }

    private void checkOpen() {
        if (handle.closed) {
            throw new IllegalStateException(handle.description + " is closed");
        }
    }

    /**
     * Closes every open view of this object, closes the handle and, for a creator
     * with the default options on POSIX, removes the name. Idempotent and thread-safe.
     *
     * @throws SharedMemoryException if the OS reports an error; everything is released regardless
     */
    @Override
    public void close() {
        List<MappedView> open;
        synchronized (handle) {
            if (handle.closed) {
                return;
            }
            handle.closed = true;
            open = new ArrayList<>(views);
            views.clear();
        }
        SharedMemoryException failure = null;
        for (MappedView view : open) {
            try {
                view.closeView();
            } catch (SharedMemoryException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            handle.release();
        } catch (NativeException e) {
            failure = failure == null ? Errors.of("close", noun, name, e) : failure;
        } finally {
            cleanable.clean(); // runs Handle.run(), which sees it closed and only deregisters
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void requirePositive(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be greater than zero: " + size);
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[" + handle.description + ", size=" + size + ", access=" + access
                + (creator ? ", creator" : "") + (isClosed() ? ", closed" : "") + "]";
    }
}
