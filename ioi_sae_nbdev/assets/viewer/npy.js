// npy.js: a STAND-IN written for ioi_sae_nbdev, not an upstream file.
// circuit-tracer's frontend loads npy_v0.js from transformer-circuits.pub (on no package registry) and calls only
// `npyjs.parse(arrayBuffer)` -> {data, shape, dtype}, for .npy files of its "addition" pages; the attribution-graph
// page never does. This is a minimal reader of NumPy .npy files (format 1.0-3.0, little-endian, C order).
window.npyjs = (function () {
  'use strict'
  var types = {
    '<f4': Float32Array, '<f8': Float64Array, '|i1': Int8Array, '|u1': Uint8Array, '<i2': Int16Array,
    '<u2': Uint16Array, '<i4': Int32Array, '<u4': Uint32Array, '<i8': BigInt64Array, '<u8': BigUint64Array,
  }
  function parse(buffer) {
    var bytes = new Uint8Array(buffer)
    var magic = String.fromCharCode.apply(null, bytes.slice(1, 6))
    if (bytes[0] != 0x93 || magic != 'NUMPY') throw new Error('npy.js: not a .npy file')
    var view = new DataView(buffer), major = bytes[6]
    var hlen = major == 1 ? view.getUint16(8, true) : view.getUint32(8, true)
    var start = major == 1 ? 10 : 12
    var header = new TextDecoder().decode(bytes.slice(start, start + hlen))
    var descr = /'descr':\s*'([^']+)'/.exec(header)[1]
    if (/'fortran_order':\s*True/.test(header)) throw new Error('npy.js: Fortran order not supported')
    var shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',').filter(function (s) { return s.trim() })
      .map(Number)
    var T = types[descr]
    if (!T) throw new Error('npy.js: dtype ' + descr + ' not supported')
    var data = new T(buffer.slice(start + hlen))
    return {data: data, shape: shape, dtype: descr}
  }
  return {parse: parse}
})()
