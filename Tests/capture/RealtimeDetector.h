#pragma once

// Catches what must never happen on an audio thread. This runner replaces the global operator new/delete, the
// malloc family (forwarding to glibc's __libc_* entry points) and interposes pthread_mutex_lock, pthread_rwlock_*,
// write and open; each counts a call when it comes from a thread that armed the detector.

namespace wavelift::capture::test::realtime
{
struct Counts
{
    long allocations = 0;   // operator new, malloc, calloc, realloc, aligned allocations
    long deallocations = 0; // operator delete, free
    long locks = 0;         // mutex and read-write lock acquisitions (blocking or not)
    long io = 0;            // write(2) and open(2) calls

    long total() const noexcept { return allocations + deallocations + locks + io; }
};

/** Everything counted since the last reset, on any armed thread. */
Counts counts() noexcept;
void reset() noexcept;

/** Arms the detector on the calling thread for this object's lifetime. */
class ArmedScope
{
public:
    ArmedScope() noexcept;
    ~ArmedScope();
    ArmedScope (const ArmedScope&) = delete;
    ArmedScope& operator= (const ArmedScope&) = delete;
};
} // namespace wavelift::capture::test::realtime
