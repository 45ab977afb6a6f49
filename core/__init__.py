"""The checking engine, without Qt. Its layers, each using only those below (the contract in
.importlinter, checked by tests/test_layers.py): the document model and template (the
modules directly in core/) → ``layout`` → ``producers`` → ``readers`` → ``extract`` →
``rules`` → ``trust`` → ``check`` → ``batch`` → ``export`` → ``cli``."""
