// An allocator for the matcher's arrays by document (a million articles: scores, lengths, norms, dates,
// collapse keys, decoded lists; tens of megabytes). Each 4 KB page is zeroed on its first touch, a page
// fault each; under virtualisation a fault costs microseconds, and a new process answering one query spent
// half its time there. Blocks of 2 MB and more are mapped aligned to 2 MB and marked for transparent huge
// pages (the kernel's "madvise" mode), a fault per 2 MB; smaller ones come from the usual allocator.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

namespace fns {

template <typename T>
struct HugePageAllocator {
    using value_type = T;
    static constexpr size_t kHugePage = size_t{2} << 20;

    HugePageAllocator() = default;
    template <typename U>
    HugePageAllocator(const HugePageAllocator<U>&) {}

    T* allocate(size_t n) {
        const size_t bytes = n * sizeof(T);
        if (bytes < kHugePage) return std::allocator<T>().allocate(n);
        const size_t rounded = round_up(bytes);
        void* mapped = mmap(nullptr, rounded + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapped == MAP_FAILED) throw std::bad_alloc();
        // Keep the 2 MB-aligned part; give back what lies before and after it.
        const auto start = reinterpret_cast<uintptr_t>(mapped);
        const uintptr_t aligned = (start + kHugePage - 1) & ~(uintptr_t{kHugePage} - 1);
        if (aligned > start) munmap(mapped, aligned - start);
        const uintptr_t end = start + rounded + kHugePage;
        if (end > aligned + rounded) munmap(reinterpret_cast<void*>(aligned + rounded), end - (aligned + rounded));
        madvise(reinterpret_cast<void*>(aligned), rounded, MADV_HUGEPAGE);  // a hint: without it, 4 KB pages
        return reinterpret_cast<T*>(aligned);
    }

    void deallocate(T* pointer, size_t n) {
        const size_t bytes = n * sizeof(T);
        if (bytes < kHugePage) return std::allocator<T>().deallocate(pointer, n);
        munmap(pointer, round_up(bytes));
    }

    template <typename U>
    bool operator==(const HugePageAllocator<U>&) const { return true; }

private:
    static size_t round_up(size_t bytes) { return (bytes + kHugePage - 1) & ~(kHugePage - 1); }
};

// A vector whose large buffers sit on huge pages.
template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace fns
