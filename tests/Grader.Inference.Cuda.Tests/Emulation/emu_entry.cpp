// Appended after the kernels: what the tests call besides the kernels themselves.

// Launch shape and the calling thread's coordinates; the tests then call a kernel once per
// emulated thread (grid-stride kernels need nothing from other threads).
extern "C" void emu_set_launch(unsigned grid, unsigned block)
{
    gridDim = {grid, 1, 1};
    blockDim = {block, 1, 1};
}

extern "C" void emu_set_thread(unsigned block, unsigned thread)
{
    blockIdx = {block, 0, 0};
    threadIdx = {thread, 0, 0};
}

// GlobalAveragePool shuffles within a warp, so its lanes must run together (blockDim: a multiple of 32).
extern "C" int emu_global_average(const float* x, float* y, i64 planes, i64 planeSize, unsigned grid, unsigned block)
{
    if (block % 32 != 0) return 0;
    emu_launch_warps(grid, block, [=] { grader_global_average(x, y, planes, planeSize); });
    return 1;
}
