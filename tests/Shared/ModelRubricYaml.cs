namespace Grader.Tests.Shared;

/// <summary>
/// A one-item rubric whose model item grades a Fashion-MNIST state_dict against a layer list, as staff
/// write one: the layers (YAML flow maps) start on line 14, which tests of file/line messages rely on.
/// </summary>
public static class ModelRubricYaml
{
    public static string FashionMnist(string id, params string[] layers) =>
        $"""
        id: {id}
        title: Net
        total: 1
        items:
          - id: net
            points: 1
            kind: model
            model:
              dataset: fashion-mnist
              threshold: 0.8
              formats: [pt]
              architecture:
                layers:

        """ + string.Concat(layers.Select(layer => $"          - {layer}\n"));
}
