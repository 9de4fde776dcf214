"""Thin Telegram adapters: parse the update, call one core function, render, send."""
