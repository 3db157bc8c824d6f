using Grader.Inference.Checkpoints;

namespace Grader.Inference.Tests.Checkpoints;

/// <summary>Reading what torch.save and safetensors write: keys, shapes and values.</summary>
public class CheckpointReaderTests
{
    [Theory]
    [InlineData("lenet5")]
    [InlineData("resnet18_w4_c43")]
    [InlineData("layer_list")]
    public void Torch_save_keys_and_shapes_are_those_PyTorch_listed(string name)
    {
        var f = CheckpointFixture.Load(name);
        var sd = CheckpointReader.Read(f.Bytes(), CheckpointFormat.TorchSave);
        Assert.Equal(f.Keys.Keys, sd.Keys);
        foreach (var (key, shape) in f.Keys) Assert.Equal(shape, sd[key].Shape);
    }

    [Theory]
    [InlineData("lenet5")]
    [InlineData("resnet18_w4_cifar")]
    public void Safetensors_holds_the_same_tensors_as_the_torch_save_file(string name)
    {
        var f = CheckpointFixture.Load(name);
        var pt = CheckpointReader.Read(f.Bytes(), CheckpointFormat.TorchSave);
        var st = CheckpointReader.Read(f.Bytes(".safetensors"), CheckpointFormat.Safetensors);
        Assert.Equal(pt.Keys, st.Keys);
        foreach (var key in pt.Keys)
        {
            Assert.Equal(pt[key].Shape, st[key].Shape);
            Assert.Equal(pt[key].Data, st[key].Data);
        }
    }

    [Fact]
    public void The_legacy_format_holds_the_same_tensors_as_the_zip_format()
    {
        var zip = CheckpointReader.Read(CheckpointFixture.Load("layer_list").Bytes(), CheckpointFormat.TorchSave);
        var legacy = CheckpointReader.Read(CheckpointFixture.Load("layer_list").Bytes("_legacy.pt"), CheckpointFormat.TorchSave);
        Assert.Equal(zip.Keys, legacy.Keys);
        foreach (var key in zip.Keys) Assert.Equal(zip[key].Data, legacy[key].Data);
    }

    [Fact]
    public void Float64_and_bfloat16_storages_become_float32()
    {
        var f32 = CheckpointReader.Read(CheckpointFixture.Load("layer_list").Bytes(), CheckpointFormat.TorchSave);
        var f64 = CheckpointReader.Read(CheckpointFixture.Load("layer_list").Bytes("_f64.pt"), CheckpointFormat.TorchSave);
        Assert.Equal("float64", f64["fc.weight"].SourceType);
        Assert.Equal(f32["fc.weight"].Data, f64["fc.weight"].Data);   // float32 → float64 → float32 is exact
        var bf16 = CheckpointReader.Read(CheckpointFixture.Load("layer_list_bf16").Bytes(), CheckpointFormat.TorchSave);
        Assert.Equal("bfloat16", bf16["fc.weight"].SourceType);
        Assert.Equal("int64", bf16["features.1.num_batches_tracked"].SourceType);
    }

    [Fact]
    public void Float16_weights_become_float32()
    {
        var sd = CheckpointReader.Read(CheckpointFixture.Load("lenet5_half").Bytes(), CheckpointFormat.TorchSave);
        Assert.Equal("float16", sd["conv1.weight"].SourceType);
        Assert.Contains(sd["conv1.weight"].Data, v => v != 0);
    }

    [Fact]
    public void Data_parallel_prefix_is_dropped_only_when_every_key_has_it()
    {
        var sd = CheckpointReader.Read(CheckpointFixture.Load("layer_list_dataparallel").Bytes(), CheckpointFormat.TorchSave);
        Assert.All(sd.Keys, k => Assert.StartsWith("module.", k));
        Assert.Contains("features.0.weight", sd.WithoutDataParallelPrefix().Keys);
    }

    [Fact]
    public void Formats_follow_the_file_extension()
    {
        Assert.Equal(CheckpointFormat.TorchSave, CheckpointReader.FormatOf("model.PTH"));
        Assert.Equal(CheckpointFormat.Safetensors, CheckpointReader.FormatOf("m.safetensors"));
        Assert.Null(CheckpointReader.FormatOf("m.onnx"));
    }
}
