"""`cbmatch import offers FILE.xml` and `cbmatch export offers --format iati` as an operator runs
them: in this process (the ``cbmatch`` fixture), and once as a real process."""

from __future__ import annotations

from tests.cli.test_import import snapshot
from tests.iati_support import DONOR_FILE, activities, schema_errors


def test_import_of_a_donors_file_says_what_it_mapped_and_skipped(cbmatch):
    result = cbmatch("import", "offers", str(DONOR_FILE))

    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (f"Imported 2 offers from {DONOR_FILE}: 2 created, 0 updated, 0 unchanged.")
    assert lines[1] == "Skipped 1 activity (not open offers: see below)."
    assert lines[2] == "Mapped (17):"
    assert (
        "  activity 1 (XM-DAC-901-3-CYB-2027-01): topics: defence-security from DAC sector 15210"
        in lines
    )
    assert "Skipped or defaulted (20):" in lines
    assert (
        "  activity 2 (XM-DAC-901-3-CYB-2027-02): topics: sector 31110 (vocabulary 1) skipped: "
        "no topic for this DAC code" in lines
    )
    again = cbmatch("import", "offers", str(DONOR_FILE))
    assert again.stdout.splitlines()[0].endswith("0 created, 0 updated, 2 unchanged.")


def test_a_bad_activity_writes_nothing_and_is_named_with_its_field(cbmatch, db_url, tmp_path):
    bad = tmp_path / "donor.xml"
    bad.write_text(
        DONOR_FILE.read_text(encoding="utf-8").replace(
            '<activity-date iso-date="2029-12-31" type="3"/>',
            '<activity-date iso-date="2026-12-31" type="3"/>',
        ),
        encoding="utf-8",
    )
    before = snapshot(db_url)

    result = cbmatch("import", "offers", str(bad))

    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert (
        "error: activity 1 (ref XM-DAC-901-3-CYB-2027-01): end: 2026-12-31 is before start "
        "2027-02-01" in result.stderr.splitlines()
    ), result.stderr
    assert "Mapped (17):" in result.stderr  # the report, to place the error
    assert result.stderr.rstrip().endswith("1 error(s); nothing was written")
    assert snapshot(db_url) == before


def test_hostile_and_malformed_files_are_one_line_each(cbmatch, db_url, tmp_path):
    files = {
        "xxe.xml": '<?xml version="1.0"?><!DOCTYPE i [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<iati-activities version="2.03"><iati-activity>&x;</iati-activity></iati-activities>',
        "cut.xml": '<iati-activities version="2.03"><iati-activity>',
        "root.xml": "<offers/>",
    }
    before = snapshot(db_url)
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        result = cbmatch("import", "offers", str(tmp_path / name))
        assert result.code == 1, name
        assert result.stderr.startswith(f"Error: {tmp_path / name}: "), result.stderr
        assert len(result.stderr.splitlines()) == 1, result.stderr
    assert snapshot(db_url) == before


def test_export_as_iati_to_a_file_and_its_usage(cbmatch, tmp_path):
    empty = cbmatch("export", "offers", "--format", "iati")
    assert (empty.code, empty.stderr.strip()) == (
        1,
        "Error: no open offer and no match in progress or completed to export",
    )
    assert cbmatch("import", "offers", str(DONOR_FILE)).code == 0
    out = tmp_path / "activities.xml"

    result = cbmatch("export", "offers", "--format", "iati", "--output", str(out))

    assert result.code == 0, result.stderr
    assert result.stderr == f"Wrote 2 offers and 0 matches as IATI activities to {out}.\n"
    assert schema_errors(out.read_bytes()) == []
    assert set(activities(out.read_bytes())) == {
        "XX-CBMATCH-XM-DAC-901-3-CYB-2027-01",
        "XX-CBMATCH-XM-DAC-901-3-CYB-2027-02",
    }
    needs = cbmatch("export", "needs", "--format", "iati")
    assert needs.code == 2
    assert "--format iati is for: cbmatch export offers" in needs.stderr


def test_a_real_process_writes_the_iati_file_to_stdout(cbmatch, cbmatch_process):
    assert cbmatch("import", "offers", str(DONOR_FILE)).code == 0

    result = cbmatch_process("export", "offers", "--format", "iati")

    assert (result.code, result.stderr) == (0, "")
    data = result.stdout.encode("utf-8")
    assert schema_errors(data) == []
    assert len(activities(data)) == 2
