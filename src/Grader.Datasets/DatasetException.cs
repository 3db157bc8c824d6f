namespace Grader.Datasets;

/// <summary>Base class of every error raised by Grader.Datasets.</summary>
public class DatasetException : Exception
{
    public DatasetException(string message) : base(message) { }
    public DatasetException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A source file (IDX, CIFAR-10 batch, PPM, GTSRB CSV, archive) is malformed or not what was expected.</summary>
public class DatasetFormatException : DatasetException
{
    public DatasetFormatException(string message) : base(message) { }
    public DatasetFormatException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>An imported dataset on disk does not match its manifest (missing or resized files, wrong hash, bad labels).</summary>
public class DatasetIntegrityException : DatasetException
{
    public DatasetIntegrityException(string message) : base(message) { }
}

/// <summary>A preprocessing declaration or a submission's choice is invalid or not allowed by the rubric.</summary>
public class PreprocessingException : DatasetException
{
    public PreprocessingException(string message) : base(message) { }
}
