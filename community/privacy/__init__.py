"""Personal data across Socle (GDPR, Brussels Housing Code art. 166/1): the
record of processing every app declares into, retention that runs itself,
"my data" requests, consents, the shared access log and anonymised figures.
Installed as ``community.privacy`` with the label ``privacy``."""
