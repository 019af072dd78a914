class Refusal(Exception):
    """A refusal a person should read. Every app's domain errors derive from it;
    the message is already translated when raised, and nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
