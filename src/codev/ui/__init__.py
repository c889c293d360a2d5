"""The Textual user interface of codev: it renders the core's state and turns keys into commands."""
