using System.IO.Compression;
using System.Text;

namespace Grader.Bench.Inference;

/// <summary>
/// A synthetic GTSRB final test set in the official layout (the importer's tests build the same
/// structure in miniature): GTSRB_Final_Test_Images.zip with GTSRB/Final_Test/Images/NNNNN.ppm
/// (binary P6) and GTSRB_Final_Test_GT.zip with GT-final_test.csv. Sizes are uniform in 30..250
/// pixels a side, larger on average than the real set (mostly 30..60 px), so decoding, resizing
/// and the store are measured on the heavy side. Seeded: the same seed gives the same archives.
/// </summary>
public static class SyntheticGtsrb
{
    public const string ImagesZip = "GTSRB_Final_Test_Images.zip";
    public const string GroundTruthZip = "GTSRB_Final_Test_GT.zip";
    private const int MinSide = 30, MaxSide = 250, Classes = 43;

    private sealed record Row(int Width, int Height, int RoiX1, int RoiY1, int RoiX2, int RoiY2, int ClassId);

    /// <summary>Writes both zips into <paramref name="directory"/>; returns their paths.</summary>
    public static string[] Write(string directory, int count, int seed)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var rows = Enumerable.Range(0, count).Select(_ => NextRow(random)).ToArray();
        string images = Path.Combine(directory, ImagesZip), gt = Path.Combine(directory, GroundTruthZip);
        WriteImages(images, rows, random);
        using (var zip = ZipFile.Open(gt, ZipArchiveMode.Create))
        using (var w = new StreamWriter(zip.CreateEntry("GT-final_test.csv").Open(), Encoding.ASCII))
            w.Write(Csv(rows, withClass: true));
        return [images, gt];
    }

    private static Row NextRow(Random random)
    {
        int w = random.Next(MinSide, MaxSide + 1);
        // Signs are roughly square; crops in the real set differ by up to ~10 % in aspect.
        int h = Math.Clamp((int)Math.Round(w * (0.9 + 0.2 * random.NextDouble())), MinSide, MaxSide);
        // The real ROIs leave a border of about 10 % (at least 5 px) around the sign.
        int mx = Math.Max(5, w / 10), my = Math.Max(5, h / 10);
        return new Row(w, h, mx, my, w - 1 - mx, h - 1 - my, random.Next(Classes));
    }

    private static void WriteImages(string path, Row[] rows, Random random)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        zip.CreateEntry("GTSRB/");
        zip.CreateEntry("GTSRB/Final_Test/");
        zip.CreateEntry("GTSRB/Final_Test/Images/");
        var rgb = new byte[MaxSide * MaxSide * 3];
        for (int i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            int bytes = Fill(rgb, r, random);
            using var s = zip.CreateEntry($"GTSRB/Final_Test/Images/{i:00000}.ppm", CompressionLevel.Fastest).Open();
            s.Write(Encoding.ASCII.GetBytes($"P6\n{r.Width} {r.Height}\n255\n"));
            s.Write(rgb, 0, bytes);
        }
        // The official archive also holds a CSV without ClassId and a readme; the importer must skip them.
        using (var w = new StreamWriter(zip.CreateEntry("GTSRB/Final_Test/Images/GT-final_test.test.csv").Open(), Encoding.ASCII))
            w.Write(Csv(rows, withClass: false));
        using (var w = new StreamWriter(zip.CreateEntry("GTSRB/Readme-Images-Final-test.txt").Open(), Encoding.ASCII))
            w.Write("synthetic GTSRB test set written by bench/Grader.Bench.Inference\n");
    }

    /// <summary>Interleaved RGB: a colour gradient per image plus a little noise, so the zip
    /// compresses about as poorly as photographs do and every pixel varies.</summary>
    private static int Fill(byte[] rgb, Row r, Random random)
    {
        int baseR = random.Next(256), baseG = random.Next(256), baseB = random.Next(256);
        int p = 0;
        for (int y = 0; y < r.Height; y++)
            for (int x = 0; x < r.Width; x++)
            {
                int noise = random.Next(16);
                rgb[p++] = (byte)(baseR + x + noise);
                rgb[p++] = (byte)(baseG + y + noise);
                rgb[p++] = (byte)(baseB + x + y);
            }
        return p;
    }

    private static string Csv(Row[] rows, bool withClass)
    {
        var sb = new StringBuilder("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2" + (withClass ? ";ClassId" : "") + "\r\n");
        for (int i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            sb.Append($"{i:00000}.ppm;{r.Width};{r.Height};{r.RoiX1};{r.RoiY1};{r.RoiX2};{r.RoiY2}");
            sb.Append(withClass ? $";{r.ClassId}\r\n" : "\r\n");
        }
        return sb.ToString();
    }
}
