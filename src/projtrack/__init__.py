"""projtrack: analytics for key-investment-project ledgers (重点项目台账).

The library never imports the CLI: reading lives in ``ledger``/``layout``, figures in
``metrics``, red/black lists in ``ranking``, and formatting under ``render``.
"""

__version__ = "0.1.0"
