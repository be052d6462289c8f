#include "RealtimeDetector.h"

#include <atomic>
#include <cstdarg>
#include <cstddef>
#include <cstdlib>
#include <dlfcn.h>
#include <fcntl.h>
#include <new>
#include <pthread.h>
#include <unistd.h>

extern "C"
{
    void* __libc_malloc (size_t);
    void* __libc_calloc (size_t, size_t);
    void* __libc_realloc (void*, size_t);
    void* __libc_memalign (size_t, size_t);
    void __libc_free (void*);
}

namespace wavelift::capture::test::realtime
{
namespace
{
    // initial-exec TLS: reading it never allocates (a dynamic TLS block could, on first touch).
    __attribute__ ((tls_model ("initial-exec"))) thread_local bool armed = false;

    std::atomic<long> allocations{ 0 }, deallocations{ 0 }, locks{ 0 }, io{ 0 };

    inline void count (std::atomic<long>& counter) noexcept
    {
        if (armed)
            counter.fetch_add (1, std::memory_order_relaxed);
    }

    template <typename Function>
    Function next (const char* name) noexcept
    {
        return reinterpret_cast<Function> (::dlsym (RTLD_NEXT, name));
    }

    using MutexFunction = int (*) (pthread_mutex_t*);
    using RwLockFunction = int (*) (pthread_rwlock_t*);
    using WriteFunction = ssize_t (*) (int, const void*, size_t);
    using OpenFunction = int (*) (const char*, int, ...);

    // Resolved before main, while only one thread exists, and never lazily on an audio thread. Plain pointers, not a
    // guarded static: the dynamic loader must not re-enter us while it looks them up.
    MutexFunction realMutexLock, realMutexTryLock;
    RwLockFunction realReadLock, realWriteLock;
    WriteFunction realWrite;
    OpenFunction realOpen;

    __attribute__ ((constructor (101))) void resolveRealFunctions()
    {
        realMutexLock = next<MutexFunction> ("pthread_mutex_lock");
        realMutexTryLock = next<MutexFunction> ("pthread_mutex_trylock");
        realReadLock = next<RwLockFunction> ("pthread_rwlock_rdlock");
        realWriteLock = next<RwLockFunction> ("pthread_rwlock_wrlock");
        realWrite = next<WriteFunction> ("write");
        realOpen = next<OpenFunction> ("open");
    }

    template <typename Function>
    Function resolved (Function& slot, const char* name) noexcept
    {
        if (slot == nullptr) // called by another constructor that ran before ours
            slot = next<Function> (name);
        return slot;
    }
} // namespace

Counts counts() noexcept { return { allocations.load(), deallocations.load(), locks.load(), io.load() }; }

void reset() noexcept
{
    allocations = 0;
    deallocations = 0;
    locks = 0;
    io = 0;
}

ArmedScope::ArmedScope() noexcept { armed = true; }
ArmedScope::~ArmedScope() { armed = false; }
} // namespace wavelift::capture::test::realtime

using namespace wavelift::capture::test::realtime;

// --- allocation ---------------------------------------------------------------------------------------------------
extern "C"
{
    void* malloc (size_t size)
    {
        count (allocations);
        return __libc_malloc (size);
    }

    void* calloc (size_t n, size_t size)
    {
        count (allocations);
        return __libc_calloc (n, size);
    }

    void* realloc (void* p, size_t size)
    {
        count (allocations);
        return __libc_realloc (p, size);
    }

    void free (void* p)
    {
        if (p != nullptr)
            count (deallocations);
        __libc_free (p);
    }

    void* memalign (size_t alignment, size_t size)
    {
        count (allocations);
        return __libc_memalign (alignment, size);
    }

    void* aligned_alloc (size_t alignment, size_t size)
    {
        count (allocations);
        return __libc_memalign (alignment, size);
    }

    int posix_memalign (void** result, size_t alignment, size_t size)
    {
        count (allocations);
        *result = __libc_memalign (alignment, size);
        return *result != nullptr ? 0 : 12 /* ENOMEM */;
    }
}

namespace
{
void* allocate (std::size_t size)
{
    count (allocations);
    if (void* p = __libc_malloc (size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}

void* allocateAligned (std::size_t size, std::align_val_t alignment)
{
    count (allocations);
    if (void* p = __libc_memalign ((size_t) alignment, size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}

void release (void* p) noexcept
{
    if (p != nullptr)
        count (deallocations);
    __libc_free (p);
}
} // namespace

void* operator new (std::size_t size) { return allocate (size); }
void* operator new[] (std::size_t size) { return allocate (size); }
void* operator new (std::size_t size, const std::nothrow_t&) noexcept
{
    count (allocations);
    return __libc_malloc (size == 0 ? 1 : size);
}
void* operator new[] (std::size_t size, const std::nothrow_t&) noexcept
{
    count (allocations);
    return __libc_malloc (size == 0 ? 1 : size);
}
void* operator new (std::size_t size, std::align_val_t alignment) { return allocateAligned (size, alignment); }
void* operator new[] (std::size_t size, std::align_val_t alignment) { return allocateAligned (size, alignment); }
void operator delete (void* p) noexcept { release (p); }
void operator delete[] (void* p) noexcept { release (p); }
void operator delete (void* p, std::size_t) noexcept { release (p); }
void operator delete[] (void* p, std::size_t) noexcept { release (p); }
void operator delete (void* p, std::align_val_t) noexcept { release (p); }
void operator delete[] (void* p, std::align_val_t) noexcept { release (p); }
void operator delete (void* p, std::size_t, std::align_val_t) noexcept { release (p); }
void operator delete[] (void* p, std::size_t, std::align_val_t) noexcept { release (p); }

// --- locks and I/O ------------------------------------------------------------------------------------------------
extern "C"
{
    int pthread_mutex_lock (pthread_mutex_t* mutex)
    {
        count (locks);
        return resolved (realMutexLock, "pthread_mutex_lock") (mutex);
    }

    int pthread_mutex_trylock (pthread_mutex_t* mutex)
    {
        count (locks);
        return resolved (realMutexTryLock, "pthread_mutex_trylock") (mutex);
    }

    int pthread_rwlock_rdlock (pthread_rwlock_t* lock)
    {
        count (locks);
        return resolved (realReadLock, "pthread_rwlock_rdlock") (lock);
    }

    int pthread_rwlock_wrlock (pthread_rwlock_t* lock)
    {
        count (locks);
        return resolved (realWriteLock, "pthread_rwlock_wrlock") (lock);
    }

    ssize_t write (int fd, const void* data, size_t size)
    {
        count (io);
        return resolved (realWrite, "write") (fd, data, size);
    }

    int open (const char* path, int flags, ...)
    {
        count (io);
        mode_t mode = 0;
        if ((flags & O_CREAT) != 0)
        {
            va_list arguments;
            va_start (arguments, flags);
            mode = (mode_t) va_arg (arguments, int);
            va_end (arguments);
        }
        return resolved (realOpen, "open") (path, flags, mode);
    }
}
