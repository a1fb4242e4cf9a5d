"""render/brief"""
