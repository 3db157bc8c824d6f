using Xunit;

namespace Grader.Tests.Shared;

/// <summary>
/// A test that needs the real Fashion-MNIST test set (Debian package dataset-fashion-mnist, which
/// scripts/prerequisites.sh installs): reported as skipped, with the reason, where it is absent.
/// Linked into the test projects that use it.
/// </summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public const string SourceDirectory = "/usr/share/datasets/fashion-mnist";

    public static bool Available => Directory.Exists(SourceDirectory);

    public FashionMnistFactAttribute()
    {
        if (!Available)
            Skip = $"Fashion-MNIST not installed at {SourceDirectory} (Debian package dataset-fashion-mnist; scripts/prerequisites.sh installs it)";
    }
}
