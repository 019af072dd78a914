"""IBAN checks, BIC derivation, and the EPC069-12 payment QR code."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from socle_site.kernel.banking.iban import (
    bic_for,
    format_iban,
    is_valid_iban,
    normalise_iban,
    validate_iban,
)
from socle_site.kernel.banking.qr import epc_payload, epc_qr_svg


def test_ibans_are_checked_and_compacted():
    assert normalise_iban("be71 0961 2345 6769") == "BE71096123456769"
    assert format_iban("BE71096123456769") == "BE71 0961 2345 6769"
    assert is_valid_iban("NL91ABNA0417164300") and is_valid_iban("DE89370400440532013000")
    for wrong in ("", "BE71096123456768", "BE7109612345676", "XX71096123456769", "not an iban"):
        assert not is_valid_iban(wrong)


def test_bic_derived_from_the_bank_code():
    assert bic_for("BE71096123456769") == "GKCCBEBB"  # 096: Belfius
    assert bic_for("NL91ABNA0417164300") == "ABNANL2A"
    assert bic_for("nonsense") == ""


def test_validator_for_forms_and_models():
    class AccountForm(forms.Form):
        iban = forms.CharField(validators=[validate_iban])

    assert AccountForm({"iban": "BE71 0961 2345 6769"}).is_valid()
    form = AccountForm({"iban": "BE71 0961 2345 6768"})
    assert not form.is_valid()
    assert form.errors["iban"] == ["This is not a valid IBAN (check the letters and digits)."]
    with pytest.raises(ValidationError):
        validate_iban("BE00")


def test_epc_payload_byte_for_byte():
    payload = epc_payload(name="ACP Résidence Érable", iban="BE71 0961 2345 6769", bic="GKCCBEBB",
                          amount_cents=123456, reference="+++100/0000/00135+++")
    assert payload.encode("utf-8") == (
        b"BCD\n"  # service tag
        b"002\n"  # version
        b"1\n"  # character set: UTF-8
        b"SCT\n"  # SEPA credit transfer
        b"GKCCBEBB\n"
        b"ACP R\xc3\xa9sidence \xc3\x89rable\n"
        b"BE71096123456769\n"
        b"EUR1234.56\n"
        b"\n"  # purpose: none
        b"100000000135"  # structured remittance; the unstructured one stays empty
    )


def test_epc_payload_without_bic_and_small_amounts():
    payload = epc_payload(name="ACP", iban="BE71096123456769", amount_cents=5, reference="100000000135")
    assert payload.split("\n")[4] == "" and payload.split("\n")[7] == "EUR0.05"


@pytest.mark.parametrize("kwargs", [
    {"name": "x" * 71}, {"name": " "}, {"amount_cents": 0}, {"amount_cents": 100_000_000_000},
    {"reference": "100000000136"}, {"iban": "BE71096123456768"}, {"bic": "GKCC"},
])
def test_epc_payload_refuses_what_the_standard_forbids(kwargs):
    args = {"name": "ACP", "iban": "BE71096123456769", "amount_cents": 100, "reference": "100000000135", **kwargs}
    with pytest.raises(ValueError):
        epc_payload(**args)


def test_qr_code_is_an_inline_svg_at_level_m():
    import segno

    payload = epc_payload(name="ACP Maple", iban="BE71096123456769", amount_cents=27500, reference="100000000135")
    svg = epc_qr_svg(payload, title="Scan to pay")
    assert svg.startswith("<svg") and "<title>Scan to pay</title>" in svg and "<?xml" not in svg
    assert "<script" not in svg and "style=" not in svg
    assert segno.make(payload, error="m", boost_error=False, mode="byte", encoding="utf-8").error == "M"
