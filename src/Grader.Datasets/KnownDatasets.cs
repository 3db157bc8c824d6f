namespace Grader.Datasets;

/// <summary>The source format of a dataset, which decides how its archive is read.</summary>
public enum DatasetKind
{
    /// <summary>IDX files (MNIST family): 28x28 grayscale, fixed size.</summary>
    Idx,
    /// <summary>CIFAR-10 binary version: 3x32x32, fixed size.</summary>
    Cifar10,
    /// <summary>GTSRB final test set: RGB PPM images of varying size.</summary>
    Gtsrb,
}

/// <summary>A checksum published for an official archive file.</summary>
/// <param name="FileName">The file name as distributed (matched case-insensitively on the base name;
/// a <c>.gz</c> name also matches the file gunzipped).</param>
/// <param name="Md5">Lower-case hex MD5 as published by the dataset authors / torchvision, or null.</param>
/// <param name="Sha256">Lower-case hex SHA-256 where one is known, or null.</param>
/// <param name="Size">Size in bytes where known, or null.</param>
/// <param name="ContentSha256">For a gzip file: the SHA-256 of its decompressed bytes, so a copy
/// recompressed by a distribution (Debian's dataset packages are) is still recognised.</param>
public sealed record OfficialFile(string FileName, string? Md5, string? Sha256, long? Size, string? ContentSha256 = null);

/// <summary>What is known about one supported test set.</summary>
public sealed record DatasetInfo(
    string Name,
    DatasetKind Kind,
    int OfficialTestCount,
    IReadOnlyList<string> Classes,
    IReadOnlyList<OfficialFile> OfficialFiles)
{
    public int ClassCount => Classes.Count;

    /// <summary>The shape of every image where the set fixes it (null: sizes vary, as in GTSRB).</summary>
    public Storage.ImageShape? FixedShape { get; init; }

    /// <summary>Colour channels of the images.</summary>
    public int Channels { get; init; } = 3;
}

/// <summary>The supported held-out test sets, by canonical name (the <c>dataset:</c> key of a rubric).</summary>
public static class KnownDatasets
{
    public static readonly DatasetInfo Cifar10 = new(
        "cifar10", DatasetKind.Cifar10, 10_000,
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
        [new OfficialFile("cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530",
            "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", 170_052_171)])
    {
        FixedShape = new(3, 32, 32),
    };

    public static readonly DatasetInfo Gtsrb = new(
        "gtsrb", DatasetKind.Gtsrb, 12_630,
        [
            "Speed limit (20km/h)", "Speed limit (30km/h)", "Speed limit (50km/h)", "Speed limit (60km/h)",
            "Speed limit (70km/h)", "Speed limit (80km/h)", "End of speed limit (80km/h)", "Speed limit (100km/h)",
            "Speed limit (120km/h)", "No passing", "No passing for vehicles over 3.5 metric tons",
            "Right-of-way at the next intersection", "Priority road", "Yield", "Stop", "No vehicles",
            "Vehicles over 3.5 metric tons prohibited", "No entry", "General caution", "Dangerous curve to the left",
            "Dangerous curve to the right", "Double curve", "Bumpy road", "Slippery road", "Road narrows on the right",
            "Road work", "Traffic signals", "Pedestrians", "Children crossing", "Bicycles crossing",
            "Beware of ice/snow", "Wild animals crossing", "End of all speed and passing limits", "Turn right ahead",
            "Turn left ahead", "Ahead only", "Go straight or right", "Go straight or left", "Keep right", "Keep left",
            "Roundabout mandatory", "End of no passing", "End of no passing by vehicles over 3.5 metric tons",
        ],
        [
            new OfficialFile("GTSRB_Final_Test_Images.zip", "c7e4e6327067d32654124b0fe9e82185", null, null),
            new OfficialFile("GTSRB_Final_Test_GT.zip", "fe31e9c9270bbcd7b84b7f21a9d9d9e5", null, null),
        ]);

    public static readonly DatasetInfo FashionMnist = new(
        "fashion-mnist", DatasetKind.Idx, 10_000,
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        [
            new OfficialFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
                "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", null,
                "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new OfficialFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310",
                "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", null,
                "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        ])
    {
        FixedShape = new(1, 28, 28),
        Channels = 1,
    };

    public static readonly DatasetInfo Mnist = new(
        "mnist", DatasetKind.Idx, 10_000,
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        [
            new OfficialFile("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3",
                "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", null,
                "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new OfficialFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c",
                "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", null,
                "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        ])
    {
        FixedShape = new(1, 28, 28),
        Channels = 1,
    };

    public static IReadOnlyList<DatasetInfo> All { get; } = [Cifar10, Gtsrb, FashionMnist, Mnist];

    /// <summary>Finds a dataset by name; accepts the canonical name and common spellings
    /// (<c>cifar-10</c>, <c>CIFAR10</c>, <c>fashion_mnist</c>, <c>fashionmnist</c>).</summary>
    public static DatasetInfo? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = new string(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return key switch
        {
            "cifar10" => Cifar10,
            "gtsrb" => Gtsrb,
            "fashionmnist" => FashionMnist,
            "mnist" => Mnist,
            _ => null,
        };
    }

    /// <summary>Like <see cref="Find"/> but throws a <see cref="DatasetException"/> naming the supported sets.</summary>
    public static DatasetInfo Get(string name) =>
        Find(name) ?? throw new DatasetException(
            $"unknown dataset '{name}'; supported: {string.Join(", ", All.Select(d => d.Name))}");
}
