#pragma once

namespace wavelift::capture
{
/** The largest magnitude among n samples. NaN is ignored. */
float measurePeak (const float* source, int n) noexcept;
} // namespace wavelift::capture
