"""Editing case files while the app runs: a change is picked up; a file broken mid-edit keeps the last good data."""
from .harness import app_page, shown_text


def test_edit_is_picked_up_and_a_broken_edit_keeps_the_last_good_data(two_regions, monkeypatch):
    monkeypatch.setenv("REFORM_DATA_DIR", str(two_regions))
    at = app_page("sources", lang="en")
    assert "Kota Alpha" in shown_text(at)

    alpha = two_regions / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("Kota Alpha", "Kota Alfa Baru"))
    at.run()
    assert not at.exception
    assert "Kota Alfa Baru" in shown_text(at)

    beta = two_regions / "beta.yaml"
    good_beta = beta.read_text()
    beta.write_text(good_beta.replace("province: Jawa Tengah", "province: [Jawa Tengah"))
    at = app_page(None, lang="en")
    text = shown_text(at)
    assert "were just changed and are now invalid" in text
    assert "beta.yaml:" in text
    assert at.metric[0].value == "2"            # both regions still served

    beta.write_text(good_beta)
    at = app_page(None, lang="en")
    assert "were just changed" not in shown_text(at)
    assert at.metric[0].value == "2"


def test_a_file_broken_before_start_is_skipped_not_held(two_regions, monkeypatch):
    (two_regions / "gamma.yaml").write_text("id: gamma\nname: [\n")
    monkeypatch.setenv("REFORM_DATA_DIR", str(two_regions))
    at = app_page(None, lang="en")
    text = shown_text(at)
    assert "1 case file skipped" in text and "were just changed" not in text
