"""Messages stay within Telegram's limits and user input cannot break the HTML."""

import pytest

from bot.render import Button, Renderer, split_message, to_plain, visible_length


def test_long_message_is_split_on_lines_within_4096_visible_characters() -> None:
    lines = [f"<b>Dòng {i}</b> " + "x" * 90 for i in range(200)]
    chunks = split_message("\n".join(lines))
    assert len(chunks) > 1
    assert all(visible_length(c) <= 4096 for c in chunks)
    # Nothing lost, tags never cut in half.
    assert "\n".join(chunks).count("<b>") == 200
    assert all(c.count("<b>") == c.count("</b>") for c in chunks)


def test_a_single_overlong_line_is_cut_on_spaces() -> None:
    chunks = split_message("chữ " * 3000)
    assert all(visible_length(c) <= 4096 for c in chunks)
    assert sum(c.count("chữ") for c in chunks) == 3000


def test_templates_escape_user_input() -> None:
    text = Renderer().render("common/welcome_guest.j2", name="<Anh & Em>")
    assert "&lt;Anh &amp; Em&gt;" in text
    assert "<Anh" not in text


def test_missing_template_variable_is_an_error_not_a_blank() -> None:
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        Renderer().render("common/welcome_guest.j2")


def test_callback_data_over_64_bytes_is_refused() -> None:
    with pytest.raises(ValueError):
        Button("Nút", "đ" * 33)


def test_plain_text_for_terminal_unescapes_entities() -> None:
    assert to_plain("<b>A &amp; B</b>") == "A & B"


def test_every_label_key_used_by_the_menu_exists() -> None:
    r = Renderer()
    for key in ("menu.elig", "menu.check", "menu.status", "menu.remind", "commands.menu"):
        assert r.label(key)
