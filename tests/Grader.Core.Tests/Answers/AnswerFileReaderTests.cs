using Grader.Core.Answers;
using Grader.Core.Documents;

namespace Grader.Core.Tests.Answers;

public class AnswerFileReaderTests
{
    private static AnswerFile Succeeds(string text, string sourceName = "answers.yaml")
    {
        var result = AnswerFileReader.Read(text, sourceName);
        Assert.True(result.Succeeded, string.Join("\n", result.DescribeProblems()));
        return result.File;
    }

    private static IReadOnlyList<string> Fails(string text, string sourceName = "answers.yaml")
    {
        var result = AnswerFileReader.Read(text, sourceName);
        Assert.False(result.Succeeded);
        Assert.Null(result.File);
        return result.DescribeProblems().ToList();
    }

    [Fact]
    public void Reads_the_wrapped_yaml_form_with_student_identity()
    {
        var file = Succeeds("""
            student:
              id: s1234567
              name: Ada Lovelace
              index: "180577X"
            answers:
              2.1.i.sobel_x: [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
              2.1.v.output_size: "floor((H + 2*p - k)/s) + 1"
              2.4.cifar: model.onnx
            """);

        Assert.Equal(new StudentIdentity("s1234567", "Ada Lovelace", "180577X"), file.Student);
        Assert.Equal(["2.1.i.sobel_x", "2.1.v.output_size", "2.4.cifar"], file.Answers.Keys);
        Assert.Equal("answers.yaml", file.SourceName);
        Assert.Equal(new SourcePosition(6, 18), file.Answers["2.1.i.sobel_x"].Position);
        Assert.Equal("model.onnx", file.Answers["2.4.cifar"].ToString());
    }

    [Fact]
    public void Reads_the_wrapped_json_form()
    {
        var file = Succeeds("""
            {
              "student": {"id": "s1", "index": 180577},
              "answers": {
                "2.1": [1, 2],
                "2.2": "x + 1",
              }
            }
            """, "answers.json");

        Assert.Equal(new StudentIdentity("s1", null, "180577"), file.Student);
        Assert.Equal(["2.1", "2.2"], file.Answers.Keys);
        Assert.Equal(new SourcePosition(4, 12), file.Answers["2.1"].Position);
    }

    [Fact]
    public void A_bare_mapping_of_item_ids_is_accepted()
    {
        var file = Succeeds("2.1: 3\n10.2.b: [1, 2]\n");

        Assert.Null(file.Student);
        Assert.Equal(["2.1", "10.2.b"], file.Answers.Keys);
    }

    [Fact]
    public void A_bare_json_object_is_accepted()
    {
        var file = Succeeds("""{"2.1": 3, "10.2.b": "x"}""", "a.json");

        Assert.Null(file.Student);
        Assert.Equal(["2.1", "10.2.b"], file.Answers.Keys);
    }

    [Theory]
    [InlineData("2.1")]
    [InlineData("2.10")]
    [InlineData("10.2.b")]
    [InlineData("3")]
    [InlineData("1e3")]
    public void Item_ids_are_kept_as_written(string id)
    {
        var file = Succeeds($"answers:\n  {id}: 1\n");

        Assert.Equal([id], file.Answers.Keys);
    }

    [Fact]
    public void Answers_keep_file_order()
    {
        var file = Succeeds("b: 1\na: 2\nc: 3\n");

        Assert.Equal(["b", "a", "c"], file.Answers.Keys);
    }

    [Fact]
    public void A_blank_answer_is_kept_but_not_found()
    {
        var file = Succeeds("2.1:\n2.2: 5\n");

        Assert.True(file.Answers.ContainsKey("2.1"));
        Assert.Null(file.Find("2.1"));
        Assert.NotNull(file.Find("2.2"));
        Assert.Null(file.Find("9.9"));
    }

    [Fact]
    public void Student_without_answers_section_is_a_problem()
    {
        Assert.Equal(["answers.yaml:1:1: the file has 'student:' but no 'answers:' section, under which every answer goes"],
            Fails("student:\n  id: s1\n"));
    }

    [Fact]
    public void An_assignment_line_above_flat_answers_names_the_assignment_line_and_says_where_answers_go()
    {
        var problems = Fails("assignment: rptu-dl-ex2\n2.3.ridge: 1\n");
        Assert.Equal("answers.yaml:1:1: the file has 'assignment:' but no 'answers:' section, under which every answer goes", problems[0]);
        Assert.Equal("answers.yaml:2:1: unknown top-level key '2.3.ridge': when the file has 'assignment:', 'student:' or 'answers:', every answer goes under 'answers:'", problems[1]);
    }

    [Fact]
    public void An_empty_answers_section_means_no_answers()
    {
        var file = Succeeds("student:\n  id: s1\nanswers:\n");

        Assert.Empty(file.Answers);
        Assert.Equal("s1", file.Student!.Id);
    }

    [Fact]
    public void Unknown_keys_are_all_reported()
    {
        var problems = Fails("""
            student:
              id: s1
              nmae: Ada
            answer:
              2.1: 3
            answers:
              2.2: 4
            """);

        Assert.Equal(
        [
            "answers.yaml:3:3: unknown key 'nmae' in 'student' (did you mean 'name'? expected one of: id, name, index)",
            "answers.yaml:4:1: unknown top-level key 'answer' (did you mean 'answers'?)",
        ], problems);
    }

    [Fact]
    public void An_answer_outside_the_answers_section_is_explained()
    {
        Assert.Equal(
            ["answers.yaml:3:1: unknown top-level key '2.2': when the file has 'assignment:', 'student:' or 'answers:', every answer goes under 'answers:'"],
            Fails("answers:\n  2.1: 3\n2.2: 4\n"));
    }

    [Fact]
    public void Student_must_be_a_mapping()
    {
        Assert.Equal(["answers.yaml:1:10: 'student' must be a mapping (key: value lines), got text 'Ada'"],
            Fails("student: Ada\nanswers:\n  2.1: 3\n"));
    }

    [Fact]
    public void Answers_must_be_a_mapping()
    {
        Assert.Equal(
            ["answers.yaml:1:10: 'answers' must map item ids to answers (like '2.1: 42'), but it is a list"],
            Fails("answers: [1, 2]\n"));
    }

    [Fact]
    public void A_list_at_the_top_is_a_problem()
    {
        Assert.Equal(
            ["answers.yaml:1:1: an answer file must map item ids to answers (like '2.1: 42'), but this file is a list"],
            Fails("- 1\n- 2\n"));
    }

    [Fact]
    public void Empty_item_ids_are_refused()
    {
        Assert.Equal(["answers.yaml:2:1: an item id is empty"], Fails("2.1: 1\n\"\": 2\n"));
    }

    [Fact]
    public void Syntax_errors_become_problems_with_positions()
    {
        Assert.Equal(
            ["a.json:2:11: JSON syntax error: 'tru}' is an invalid JSON literal. Expected the literal 'true'"],
            Fails("{\"a\": 1,\n  \"b\": tru}", "a.json"));
    }

    [Fact]
    public void Duplicate_item_ids_are_problems()
    {
        Assert.Equal(["answers.yaml:3:3: duplicate key '2.1' (first at 2:3)"],
            Fails("answers:\n  2.1: 1\n  2.1: 2\n"));
    }

    [Fact]
    public void An_empty_file_is_a_problem()
    {
        Assert.Equal(["answers.yaml:1:1: the file is empty"], Fails(""));
    }

    [Fact]
    public void Submission_limits_apply_by_default()
    {
        var deep = "2.1: " + new string('[', 20) + new string(']', 20);

        Assert.Equal(["answers.yaml:1:21: lists and mappings are nested more than 16 levels deep (the limit)"],
            Fails(deep));
    }

    [Fact]
    public void Alias_bombs_are_problems_not_crashes()
    {
        Assert.Equal(["answers.yaml:1:7: YAML anchors and aliases (&, *) are not allowed"],
            Fails("2.1: [&a [1, 2], *a]\n"));
    }

    [Fact]
    public void Problems_without_a_position_name_only_the_file()
    {
        Assert.Equal("answers.yaml: gone", new AnswerProblem("gone", null).Describe("answers.yaml"));
    }
}
