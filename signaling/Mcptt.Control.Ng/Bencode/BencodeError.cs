namespace Mcptt.Control.Ng.Bencode;

public enum BencodeError : byte
{
    None = 0,
    Empty,
    TooLarge,
    TooDeep,
    TooManyElements,
    Truncated,
    UnexpectedByte,
    BadInteger,
    IntegerOverflow,
    BadStringLength,
    NonStringKey,
    DuplicateKey,
    TrailingData,
}
