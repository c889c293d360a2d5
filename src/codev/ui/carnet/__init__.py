"""The review of a participant's carnet de bord: ``codev carnet NAME``.

:mod:`~codev.ui.carnet.review` is the model (no Textual), :mod:`~codev.ui.carnet.render`
the texts, :mod:`~codev.ui.carnet.screen` the review screen and
:mod:`~codev.ui.carnet.session_screen` a session in full; one dialog per file.
"""
