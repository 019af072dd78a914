"""Banking pieces every part of Socle shares, with no knowledge of who uses them:
Belgian structured communications, IBAN checks, the EPC payment QR code,
bank statement files read into one movement type, and matching credits to
what is owed. Amounts are integer cents throughout."""
