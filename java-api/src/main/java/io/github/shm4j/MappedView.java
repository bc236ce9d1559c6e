/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * A window {@code [offset(), offset() + length())} of a {@link SharedMemory}, mapped
 * into this process. Every accessor takes an offset relative to the view's start,
 * checks it against the view's length ({@link IndexOutOfBoundsException}) and
 * refuses a closed view ({@link IllegalStateException}); writes to a
 * {@link Access#READ_ONLY} view throw {@link ReadOnlyBufferException}. Multi-byte
 * values use the platform's native byte order (little-endian on x86-64), the order
 * C, C# and Python use for the same memory.
 *
 * <h2>Ordering between threads and processes</h2>
 * Plain {@code get…}/{@code put…} methods have no ordering guarantees. The atomic
 * methods, for {@code int} and {@code long} at offsets naturally aligned in the
 * object ({@code (offset() + offset) % 4 == 0} for an int, 8 for a long; otherwise
 * {@link IllegalArgumentException}), work across processes as on one machine's
 * memory: a {@code put…Release} is seen by a {@code get…Acquire} that reads its value
 * together with every write before it; {@code …Volatile} is sequentially consistent;
 * {@code compareAndSet…} and {@code getAndAdd…} are atomic read-modify-writes.
 *
 * <h2>Closing</h2>
 * {@link #close()} (or closing the {@link SharedMemory}) detaches the view from the
 * shared object at once, and from then on every accessor throws
 * {@link IllegalStateException}. A {@link ByteBuffer} from {@link #buffer()} that is
 * used later, even by a thread racing the close, never crashes the JVM and never
 * touches the shared object again: it reads zeros (a read racing the close may still
 * see the object's bytes, as may an accessor that passed its check just before) and
 * its writes go to private memory of this process. The private memory is freed when
 * the last such buffer is garbage.
 * <ul>
 * <li>Linux: the mapping is replaced, atomically ({@code mmap MAP_FIXED}), with
 * private zero-filled memory.
 * <li>Windows: the view is unmapped and the same range allocated again as private
 * zero-filled memory. A thread that touches the range in the instant between is held
 * by shm4j's vectored exception handler until the zero memory is there, then goes on;
 * without it HotSpot would die of {@code EXCEPTION_ACCESS_VIOLATION}. Should another
 * allocation of the process take the range in that instant (it never did in testing),
 * {@code close()} throws a {@link SharedMemoryException} and buffers of that view
 * must not be used again.
 * </ul>
 * On Windows a file mapping, and so its memory, lives as long as any process holds a
 * handle to it or a view of it; its name lives as long as a handle does. Since
 * {@code close()} unmaps at once, closing every view and the {@link SharedMemory}
 * releases this process's hold right away; a view that is never closed keeps the
 * object's memory alive until the garbage collector has unmapped it.
 *
 * <p>Instances are safe for use by many threads; the buffer that {@link #buffer()}
 * returns is a new {@code ByteBuffer} each time, whose position and limit belong to
 * the caller (as with any {@code ByteBuffer}, one instance is for one thread).
 */
public final class MappedView implements AutoCloseable {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** The narrow owner the view works with: its object's native handle. */
    private final ObjectHandle handle;
    /** For {@link #sharedMemory()} only. */
    private final SharedMemory sharedMemory;
    private final ViewState state;
    private final ByteBuffer root;
    /** The address of the view's first byte: of {@code root}'s index 0. */
    private final long address;
    private final long offset;
    private final int length;
    private final Access access;
    /** Read by every accessor: a field of the view itself, one load on the hot path. */
    private volatile boolean closed;

    MappedView(SharedMemory sharedMemory, ObjectHandle handle, ViewState state, ByteBuffer mapped, long address,
            long offset, Access access) {
        this.sharedMemory = sharedMemory;
        this.handle = handle;
        this.state = state;
        // The cleaner watches the JNI buffer, which every buffer derived from it refers to.
        MappingBudget.watch(mapped, state);
        this.root = access == Access.READ_ONLY ? mapped.asReadOnlyBuffer().order(ByteOrder.nativeOrder()) : mapped;
        this.address = address;
        this.offset = offset;
        this.length = mapped.capacity();
        this.access = access;
    }

    /**
     * A new direct buffer over the whole view: position 0, limit and capacity
     * {@link #length()}, native byte order, read-only for a {@link Access#READ_ONLY}
     * view. Hand it to NIO channels and other libraries; see the class comment for
     * what happens to it after close.
     *
     * @return a new buffer over the view's {@link #length()} bytes
     * @throws IllegalStateException if the view is closed
     */
    public ByteBuffer buffer() {
        checkOpen();
        return root.duplicate().order(ByteOrder.nativeOrder());
    }

    /**
     * The view's start in the object, in bytes.
     *
     * @return the offset of the view's first byte from the start of the object, in bytes
     */
    public long offset() {
        return offset;
    }

    /**
     * The view's length in bytes.
     *
     * @return the number of bytes the view maps; accessor offsets are below it
     */
    public int length() {
        return length;
    }

    /**
     * How this view may be used.
     *
     * @return the access the view was mapped with
     */
    public Access access() {
        return access;
    }

    /**
     * The object this view belongs to.
     *
     * @return the {@link SharedMemory} that mapped this view
     */
    public SharedMemory sharedMemory() {
        return sharedMemory;
    }

    /**
     * Whether the view (or its object) is closed.
     *
     * @return {@code true} once this view's or its object's close has begun
     */
    public boolean isClosed() {
        return closed;
    }

    // ---- plain accessors ------------------------------------------------------------

    /**
     * Reads the byte at {@code offset}; plain access, no ordering.
     *
     * @param offset the byte's position, in bytes from the start of the view; below
     *     {@link #length()}
     * @return the byte read
     */
    public byte getByte(long offset) {
        return root.get(index(offset, 1));
    }

    /**
     * Writes the byte at {@code offset}; plain access, no ordering.
     *
     * @param offset the byte's position, in bytes from the start of the view; below
     *     {@link #length()}
     * @param value the byte to write
     */
    public void putByte(long offset, byte value) {
        root.put(index(offset, 1), value);
    }

    /**
     * Reads the 2-byte short (native byte order) at {@code offset}; plain access, no ordering.
     *
     * @param offset the position of the value's first byte, in bytes from the start of the view;
     *     all 2 bytes must lie in the view
     * @return the short read
     */
    public short getShort(long offset) {
        return root.getShort(index(offset, 2));
    }

    /**
     * Writes the 2-byte short (native byte order) at {@code offset}; plain access, no ordering.
     *
     * @param offset the position of the value's first byte, in bytes from the start of the view;
     *     all 2 bytes must lie in the view
     * @param value the short to write
     */
    public void putShort(long offset, short value) {
        root.putShort(index(offset, 2), value);
    }

    /**
     * Reads the 4-byte int (native byte order) at {@code offset}; plain access, no ordering.
     *
     * @param offset the position of the value's first byte, in bytes from the start of the view;
     *     all 4 bytes must lie in the view
     * @return the int read
     */
    public int getInt(long offset) {
        return root.getInt(index(offset, 4));
    }

    /**
     * Writes the 4-byte int (native byte order) at {@code offset}; plain access, no ordering.
     *
     * @param offset the position of the value's first byte, in bytes from the start of the view;
     *     all 4 bytes must lie in the view
     * @param value the int to write
     */
    public void putInt(long offset, int value) {
        root.putInt(index(offset, 4), value);
    }

    /**
     * Reads the 8-byte long (native byte order) at {@code offset}; plain access, no ordering.
     *
     * @param offset the position of the value's first byte, in bytes from the start of the view;
     *     all 8 bytes must lie in the view
     * @return the long read
     */
    public long getLong(long offset) {
        return root.getLong(index(offset, 8));
    }

    /**
     * Writes the 8-byte long (native byte order) at {@code offset}; plain access, no ordering.
     *
     * @param offset the position of the value's first byte, in bytes from the start of the view;
     *     all 8 bytes must lie in the view
     * @param value the long to write
     */
    public void putLong(long offset, long value) {
        root.putLong(index(offset, 8), value);
    }

    /**
     * Reads the 4-byte float (native byte order) at {@code offset}; plain access, no ordering.
     *
     * @param offset the position of the value's first byte, in bytes from the start of the view;
     *     all 4 bytes must lie in the view
     * @return the float read
     */
    public float getFloat(long offset) {
        return root.getFloat(index(offset, 4));
    }

    /**
     * Writes the 4-byte float (native byte order) at {@code offset}; plain access, no ordering.
     *
     * @param offset the position of the value's first byte, in bytes from the start of the view;
     *     all 4 bytes must lie in the view
     * @param value the float to write
     */
    public void putFloat(long offset, float value) {
        root.putFloat(index(offset, 4), value);
    }

    /**
     * Reads the 8-byte double (native byte order) at {@code offset}; plain access, no ordering.
     *
     * @param offset the position of the value's first byte, in bytes from the start of the view;
     *     all 8 bytes must lie in the view
     * @return the double read
     */
    public double getDouble(long offset) {
        return root.getDouble(index(offset, 8));
    }

    /**
     * Writes the 8-byte double (native byte order) at {@code offset}; plain access, no ordering.
     *
     * @param offset the position of the value's first byte, in bytes from the start of the view;
     *     all 8 bytes must lie in the view
     * @param value the double to write
     */
    public void putDouble(long offset, double value) {
        root.putDouble(index(offset, 8), value);
    }

    /**
     * Copies {@code dst.length} bytes from {@code offset} into {@code dst}.
     *
     * @param offset where the bytes start, in bytes from the start of the view; all
     *     {@code dst.length} of them must lie in the view
     * @param dst the array to fill, from index 0 to its end
     * @throws MemoryFaultException if the memory behind the view is gone (see the class comment)
     */
    public void get(long offset, byte[] dst) {
        get(offset, dst, 0, dst.length);
    }

    /**
     * Copies {@code length} bytes from {@code offset} into {@code dst[dstIndex…]}.
     *
     * @param offset where the bytes start, in bytes from the start of the view; all
     *     {@code length} of them must lie in the view
     * @param dst the array to copy into
     * @param dstIndex the index in {@code dst} of the first byte copied
     * @param length the number of bytes to copy, at least 0; {@code dstIndex + length} must
     *     not exceed {@code dst.length} ({@link IndexOutOfBoundsException})
     * @throws MemoryFaultException if the memory behind the view is gone (see the class comment)
     */
    public void get(long offset, byte[] dst, int dstIndex, int length) {
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        int index = index(offset, length);
        try {
            root.get(index, dst, dstIndex, length); // the JDK's copy, which survives a page fault
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Copies all of {@code src} to {@code offset}.
     *
     * @param offset where the first byte goes, in bytes from the start of the view; all
     *     {@code src.length} bytes must fit in the view
     * @param src the bytes to write
     * @throws MemoryFaultException if the memory behind the view is gone (see the class comment)
     */
    public void put(long offset, byte[] src) {
        put(offset, src, 0, src.length);
    }

    /**
     * Copies {@code length} bytes of {@code src[srcIndex…]} to {@code offset}.
     *
     * @param offset where the first byte goes, in bytes from the start of the view; all
     *     {@code length} bytes must fit in the view
     * @param src the array to copy from
     * @param srcIndex the index in {@code src} of the first byte copied
     * @param length the number of bytes to copy, at least 0; {@code srcIndex + length} must
     *     not exceed {@code src.length} ({@link IndexOutOfBoundsException})
     * @throws MemoryFaultException if the memory behind the view is gone (see the class comment)
     */
    public void put(long offset, byte[] src, int srcIndex, int length) {
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        int index = writeIndex(offset, length);
        try {
            root.put(index, src, srcIndex, length);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    // ---- strings --------------------------------------------------------------------

    /**
     * Reads the string at {@code offset} that ends at the first NUL character (one
     * code unit of zero bytes: 1 for UTF-8, 2 for UTF-16, 4 for UTF-32), or at the
     * end of the view if there is none; the NUL is not part of the result. This is
     * how C reads a {@code char*} or {@code wchar_t*} string.
     *
     * @param offset where the string's first byte is, in bytes from the start of the view, at
     *     most {@link #length()} (which reads the empty string)
     * @param charset the encoding of the bytes, which also sets the size of the NUL
     * @return the decoded string, without its NUL
     */
    public String getString(long offset, Charset charset) {
        int unit = nulLength(charset);
        int start = index(offset, 0);
        int end = start;
        while (end <= length - unit && !isNul(end, unit)) { // not end + unit: it overflows near 2 GiB
            end += unit;
        }
        byte[] bytes = new byte[end - start];
        root.get(start, bytes, 0, bytes.length);
        return new String(bytes, charset);
    }

    /**
     * Writes {@code value} at {@code offset} in {@code charset}, followed by a NUL
     * character, and returns the number of bytes written, NUL included. Nothing is
     * written if it does not fit.
     *
     * @param offset where the string's first byte goes, in bytes from the start of the view
     * @param value the string to write; a NUL character in it is written like any other
     * @param charset the encoding to write, which also sets the size of the NUL
     * @return the number of bytes written, the terminating NUL included
     * @throws IndexOutOfBoundsException if the string and its NUL do not fit in the view
     */
    public int putString(long offset, String value, Charset charset) {
        byte[] text = value.getBytes(charset);
        int unit = nulLength(charset);
        int start = index(offset, text.length + unit);
        root.put(start, text, 0, text.length);
        for (int i = 0; i < unit; i++) {
            root.put(start + text.length + i, (byte) 0);
        }
        return text.length + unit;
    }

    private boolean isNul(int at, int unit) {
        for (int i = 0; i < unit; i++) {
            if (root.get(at + i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The size of one NUL character in {@code charset} (a byte-order mark, if any, excluded). */
    private static int nulLength(Charset charset) {
        return "\0\0".getBytes(charset).length - "\0".getBytes(charset).length;
    }

    // ---- atomics --------------------------------------------------------------------

    /**
     * Reads an int with volatile semantics.
     *
     * @param offset the int's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 4
     * @return the int read
     */
    public int getIntVolatile(long offset) {
        return (int) INT.getVolatile(root, aligned(offset, 4));
    }

    /**
     * Writes an int with volatile semantics.
     *
     * @param offset the int's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 4
     * @param value the int to write
     */
    public void putIntVolatile(long offset, int value) {
        INT.setVolatile(root, writable(offset, 4), value);
    }

    /**
     * Reads an int; no later read or write moves before it (pairs with {@link #putIntRelease}).
     *
     * @param offset the int's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 4
     * @return the int read
     */
    public int getIntAcquire(long offset) {
        return (int) INT.getAcquire(root, aligned(offset, 4));
    }

    /**
     * Writes an int; no earlier read or write moves after it (pairs with {@link #getIntAcquire}).
     *
     * @param offset the int's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 4
     * @param value the int to write
     */
    public void putIntRelease(long offset, int value) {
        INT.setRelease(root, writable(offset, 4), value);
    }

    /**
     * Sets the int to {@code update} if it is {@code expected}, atomically; returns whether it did.
     *
     * @param offset the int's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 4
     * @param expected the value the int must hold for the update to happen
     * @param update the new value
     * @return {@code true} if the int was {@code expected} and is now {@code update};
     *     {@code false} if it held another value, which is left unchanged
     */
    public boolean compareAndSetInt(long offset, int expected, int update) {
        return INT.compareAndSet(root, writable(offset, 4), expected, update);
    }

    /**
     * Adds {@code delta} to the int atomically and returns the value before.
     *
     * @param offset the int's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 4
     * @param delta the amount to add, which may be negative; the sum wraps around on overflow
     * @return the int's value just before the addition
     */
    public int getAndAddInt(long offset, int delta) {
        return (int) INT.getAndAdd(root, writable(offset, 4), delta);
    }

    /**
     * Reads a long with volatile semantics.
     *
     * @param offset the long's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 8
     * @return the long read
     */
    public long getLongVolatile(long offset) {
        return (long) LONG.getVolatile(root, aligned(offset, 8));
    }

    /**
     * Writes a long with volatile semantics.
     *
     * @param offset the long's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 8
     * @param value the long to write
     */
    public void putLongVolatile(long offset, long value) {
        LONG.setVolatile(root, writable(offset, 8), value);
    }

    /**
     * Reads a long; no later read or write moves before it (pairs with {@link #putLongRelease}).
     *
     * @param offset the long's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 8
     * @return the long read
     */
    public long getLongAcquire(long offset) {
        return (long) LONG.getAcquire(root, aligned(offset, 8));
    }

    /**
     * Writes a long; no earlier read or write moves after it (pairs with {@link #getLongAcquire}).
     *
     * @param offset the long's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 8
     * @param value the long to write
     */
    public void putLongRelease(long offset, long value) {
        LONG.setRelease(root, writable(offset, 8), value);
    }

    /**
     * Sets the long to {@code update} if it is {@code expected}, atomically; returns whether it did.
     *
     * @param offset the long's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 8
     * @param expected the value the long must hold for the update to happen
     * @param update the new value
     * @return {@code true} if the long was {@code expected} and is now {@code update};
     *     {@code false} if it held another value, which is left unchanged
     */
    public boolean compareAndSetLong(long offset, long expected, long update) {
        return LONG.compareAndSet(root, writable(offset, 8), expected, update);
    }

    /**
     * Adds {@code delta} to the long atomically and returns the value before.
     *
     * @param offset the long's position, in bytes from the start of the view; it must lie in the
     *     view and {@code offset() + offset} must be a multiple of 8
     * @param delta the amount to add, which may be negative; the sum wraps around on overflow
     * @return the long's value just before the addition
     */
    public long getAndAddLong(long offset, long delta) {
        return (long) LONG.getAndAdd(root, writable(offset, 8), delta);
    }

    // ---- checks ---------------------------------------------------------------------

    // The checks stay tiny so that the JIT inlines them into every accessor; the
    // exceptions are built out of line.

    /**
     * The address of index 0 of {@link #buffer()}, for {@code MappedWords}: its memory
     * stays valid (the view's, or zero memory after close) while a buffer of the view
     * is reachable.
     */
    long address() {
        checkOpen();
        return address;
    }

    private void checkOpen() {
        if (closed) {
            throw closed();
        }
    }

    /** The buffer index of {@code [offset, offset + size)}, checked. */
    private int index(long offset, int size) {
        checkOpen();
        return (int) Objects.checkFromIndexSize(offset, size, length);
    }

    /** {@link #index} of an atomic {@code size}-byte value, which must be naturally aligned in the object. */
    private int aligned(long offset, int size) {
        int index = index(offset, size);
        checkAlignment(offset, size);
        return index;
    }

    /** {@link #index} for a write, which a read-only view refuses. */
    private int writeIndex(long offset, int size) {
        int index = index(offset, size);
        if (access == Access.READ_ONLY) {
            throw new ReadOnlyBufferException();
        }
        return index;
    }

    /** {@link #aligned} for a write. */
    private int writable(long offset, int size) {
        int index = writeIndex(offset, size);
        checkAlignment(offset, size);
        return index;
    }

    private void checkAlignment(long offset, int size) {
        if (((this.offset + offset) & (size - 1)) != 0) { // size is 4 or 8: a mask, not a division
            throw misaligned(offset, size);
        }
    }

    private IllegalStateException closed() {
        return new IllegalStateException("the view of " + handle.subject() + " is closed");
    }

    private MemoryFaultException fault(InternalError e) {
        return MemoryFaultException.of("a page of " + state.description(), e);
    }

    private IllegalArgumentException misaligned(long offset, int size) {
        return new IllegalArgumentException("an atomic " + (size == 4 ? "int" : "long") + " needs an offset"
                + " aligned to " + size + " bytes in the object; view offset " + this.offset + " + " + offset
                + " is not");
    }

    // ---- lifecycle ------------------------------------------------------------------

    /**
     * Writes this view's modified pages to the backing file and waits for the device
     * ({@code msync}, {@code FlushViewOfFile} + {@code FlushFileBuffers}). For shared
     * memory without a file, it does nothing that other processes could see.
     *
     * @throws IllegalStateException if the view is closed
     */
    public void force() {
        checkOpen();
        handle.flush(state.address(), state.length());
    }

    /**
     * Detaches the view from the shared object (see the class comment). Idempotent
     * and thread-safe.
     *
     * @throws SharedMemoryException if the OS refuses; the view is closed regardless
     */
    @Override
    public void close() {
        Errors.run("unmap", handle.subject(), state::close);
    }

    /** The view's object is closing it: accessors refuse from now on. */
    void markClosed() {
        closed = true;
    }

    @Override
    public String toString() {
        return "MappedView[" + handle.subject() + ", offset=" + offset + ", length=" + length + ", access="
                + access + (isClosed() ? ", closed" : "") + "]";
    }
}
