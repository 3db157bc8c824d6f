// Host emulation of the CUDA C the kernels use, so that Kernels/*.cu compile as plain C++
// (g++ -std=c++20 -include cuda_host.h) and their indexing logic runs on machines without a GPU.
// Only what the kernels touch is provided; anything else fails to compile, which is the point.
#pragma once
#include <math.h>
#include <string.h>
#include <barrier>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __forceinline__ inline

struct emu_dim3 { unsigned x = 0, y = 0, z = 0; };

// A thread's own coordinates: thread_local because the warp emulation runs lanes on threads.
inline thread_local emu_dim3 threadIdx, blockIdx;
// The launch's shape, shared by every emulated thread.
inline emu_dim3 blockDim{1, 1, 1}, gridDim{1, 1, 1};

inline float __int_as_float(int bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

// One warp: 32 lanes on 32 OS threads meeting at a barrier in every shuffle, so each lane
// computes its own partial sum exactly as on the GPU and reads its neighbour's after all wrote.
struct emu_warp
{
    std::barrier<> sync{32};
    float slots[32];
};
inline thread_local emu_warp* emu_current_warp = nullptr;

inline float __shfl_down_sync(unsigned mask, float v, int offset)
{
    (void)mask; // the kernels shuffle with the full mask only
    emu_warp& w = *emu_current_warp;
    unsigned lane = threadIdx.x % 32;
    w.slots[lane] = v;
    w.sync.arrive_and_wait();
    // Lanes past the end keep their own value, as CUDA does.
    float r = lane + offset < 32 ? w.slots[lane + offset] : v;
    w.sync.arrive_and_wait(); // nobody overwrites a slot before every lane has read
    return r;
}

// Runs body() as every thread of a grid × block launch, warp by warp: the lanes of a warp run
// concurrently (they must, to meet in the shuffles); warps run one after another.
template <class Body>
void emu_launch_warps(unsigned grid, unsigned block, Body body)
{
    gridDim = {grid, 1, 1};
    blockDim = {block, 1, 1};
    for (unsigned b = 0; b < grid; b++)
        for (unsigned w0 = 0; w0 < block; w0 += 32)
        {
            emu_warp warp;
            std::vector<std::thread> lanes;
            for (unsigned lane = 0; lane < 32; lane++)
                lanes.emplace_back([&, b, lane] {
                    blockIdx = {b, 0, 0};
                    threadIdx = {w0 + lane, 0, 0};
                    emu_current_warp = &warp;
                    body();
                });
            for (auto& t : lanes) t.join();
        }
}
