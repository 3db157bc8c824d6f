namespace Grader.Inference.Cuda;

/// <summary>No usable GPU: a library is missing, no device is present, or the driver is too old.
/// The message says which, and where the libraries were looked for.</summary>
public sealed class CudaUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
