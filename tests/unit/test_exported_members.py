import paperbrief


def test_public_names_are_exported_and_documented() -> None:
    exported = set(paperbrief.__all__)
    public = {name for name in dir(paperbrief) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(paperbrief, name)).__name__ == "module"}
    assert exported == public - modules
    assert all(getattr(paperbrief, name).__doc__ for name in exported)
