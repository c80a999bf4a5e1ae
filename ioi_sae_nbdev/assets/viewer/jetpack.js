// jetpack.js: a STAND-IN written for ioi_sae_nbdev, not an upstream file.
//
// circuit-tracer's frontend loads Anthropic's own d3-jetpack build (jetpack_2024-07-20.js), which is published on no
// package registry. npm's d3-jetpack@2.3.0 is the nearest, but it does not work with d3 v7 as a <script>:
//   - its UMD build (build/d3-jetpack.cjs) runs `global.d3 = {}` and so wipes the d3 loaded before it;
//   - its nestBy uses d3-collection's `nest` (gone in d3 v6+), so d3.nestBy throws;
//   - its attachTooltip reads `d3.event` (gone in d3 v6+);
//   - its conventions() sets no `c.drawAxis`, which the frontend calls.
// So this file re-implements, on top of d3 v7 (window.d3), exactly what the frontend calls. Most functions are
// adapted from d3-jetpack 2.3.0's src/ (Copyright 2019 Gregor Aisch, BSD-3-Clause: see LICENSE-d3-jetpack):
//   selection.append/insert('tag.class#id'), appendMany, at, st, translate, parent, selectAppend, prop;
//   d3.nestBy, d3.conventions (layers 's'/'c'/'d', c.drawAxis), d3.drawAxis, d3.attachTooltip, d3.clamp, d3.f,
//   d3.round, d3.ascendingKey, d3.descendingKey.
(function (d3) {
  'use strict'
  if (!d3 || !d3.selection) throw new Error('jetpack.js stand-in: load d3 v7 first')

  function parseAttributes(name) {
    if (typeof name !== 'string') return name
    var attr = {}, parts = name.split(/([.#])/g), p
    var tag = parts.shift()
    while ((p = parts.shift())) {
      if (p == '.') attr['class'] = attr['class'] ? attr['class'] + ' ' + parts.shift() : parts.shift()
      else if (p == '#') attr.id = parts.shift()
    }
    return {tag: tag, attr: attr}
  }

  var proto = d3.selection.prototype
  var tproto = d3.transition && d3.transition.prototype

  proto.append = function (name) {
    var create, n
    if (typeof name === 'function') create = name
    else { n = parseAttributes(name); create = d3.creator(n.tag) }
    var sel = this.select(function () { return this.appendChild(create.apply(this, arguments)) })
    if (n) for (var key in n.attr) sel.attr(key, n.attr[key])
    return sel
  }

  proto.insert = function (name, before) {
    var n = parseAttributes(name), create = typeof name === 'function' ? name : d3.creator(n.tag)
    var select = before == null ? function () { return null }
      : typeof before === 'function' ? before : d3.selector(before)
    var sel = this.select(function () {
      return this.insertBefore(create.apply(this, arguments), select.apply(this, arguments) || null)
    })
    if (typeof name !== 'function') for (var key in n.attr) sel.attr(key, n.attr[key])
    return sel
  }

  proto.appendMany = function (name, data) {
    if (typeof data == 'string') { var t = data; data = name; name = t }
    return this.selectAll(null).data(data).enter().append(name)
  }

  proto.selectAppend = function (name) {
    var select = d3.selector(name), n = parseAttributes(name), create = d3.creator(n.tag)
    var sel = this.select(function () {
      return select.apply(this, arguments) || this.appendChild(create.apply(this, arguments))
    })
    for (var key in n.attr) sel.attr(key, n.attr[key])
    return sel
  }

  proto.parent = function () {
    var parents = []
    return this.filter(function () {
      if (parents.indexOf(this.parentNode) > -1) return false
      parents.push(this.parentNode)
      return true
    }).select(function () { return this.parentNode })
  }

  function translate(xy, dim) {
    var node = this.node()
    function pos(d, i) {
      var p = typeof xy == 'function' ? xy.call(this, d, i) : xy
      if (dim === 0) p = [p, 0]; else if (dim === 1) p = [0, p]
      return p
    }
    if (!node) return this
    return node.getBBox
      ? this.attr('transform', function (d, i) { var p = pos.call(this, d, i); return 'translate(' + p[0] + ',' + p[1] + ')' })
      : this.style('transform', function (d, i) { var p = pos.call(this, d, i); return 'translate(' + p[0] + 'px,' + p[1] + 'px)' })
  }

  var camelCaseAttrs = /^(allowReorder|attributeName|attributeType|autoReverse|baseFrequency|baseProfile|calcMode|clipPathUnits|diffuseConstant|edgeMode|filterUnits|gradientTransform|gradientUnits|kernelMatrix|kernelUnitLength|keyPoints|keySplines|keyTimes|lengthAdjust|limitingConeAngle|markerHeight|markerUnits|markerWidth|maskContentUnits|maskUnits|numOctaves|pathLength|patternContentUnits|patternTransform|patternUnits|pointsAtX|pointsAtY|pointsAtZ|preserveAlpha|preserveAspectRatio|primitiveUnits|refX|refY|repeatCount|repeatDur|specularConstant|specularExponent|spreadMethod|startOffset|stdDeviation|stitchTiles|surfaceScale|systemLanguage|tableValues|targetX|targetY|textLength|viewBox|xChannelSelector|yChannelSelector|zoomAndPan)$/

  function at(name, value) {
    if (typeof name == 'object') {
      for (var key in name) {
        this.attr(camelCaseAttrs.test(key) ? key : key.replace(/([a-z\d])([A-Z])/g, '$1-$2').toLowerCase(), name[key])
      }
      return this
    }
    return arguments.length == 1 ? this.attr(name) : this.attr(name, value)
  }

  // same (substring) test as d3-jetpack: numbers get 'px' for these properties
  var pxStyles = 'top left bottom right padding-top padding-left padding-bottom padding-right border-top b-width ' +
    'border-left-width border-botto-width m border-right-width margin-top margin-left margin-bottom margin-right ' +
    'font-size width stroke-width line-height margin padding border border-radius max-width min-width max-height min-height'
  function addPx(d) { return d == null || d.match ? d : d + 'px' }
  function addStyle(sel, style, value) {
    style = style.replace(/([a-z\d])([A-Z])/g, '$1-$2').toLowerCase()
    if (~pxStyles.indexOf(style)) {
      sel.style(style, typeof value == 'function' ? function () { return addPx(value.apply(this, arguments)) } : addPx(value))
    } else sel.style(style, value)
    return sel
  }
  function st(name, value) {
    if (typeof name == 'object') { for (var key in name) addStyle(this, key, name[key]); return this }
    return arguments.length == 1 ? this.style(name) : addStyle(this, name, value)
  }

  proto.translate = translate
  proto.at = at
  proto.st = st
  proto.prop = proto.property
  if (tproto) { tproto.translate = translate; tproto.at = at; tproto.st = st }

  // groups in first-seen order, each an array of the items with a `.key` (as d3-jetpack's nestBy)
  d3.nestBy = function (array, key) {
    return d3.groups(array, function (d, i) { return '' + key(d, i) }).map(function (g) {
      var values = g[1]; values.key = g[0]; return values
    })
  }

  d3.clamp = function (min, d, max) { return Math.max(min, Math.min(max, d)) }
  d3.round = function (n, p) { return p ? Math.round(n * (p = Math.pow(10, p))) / p : Math.round(n) }
  d3.ascendingKey = function (key) {
    var f = typeof key == 'function' ? key : function (d) { return d[key] }
    return function (a, b) { return d3.ascending(f(a), f(b)) }
  }
  d3.descendingKey = function (key) {
    var f = typeof key == 'function' ? key : function (d) { return d[key] }
    return function (a, b) { return d3.descending(f(a), f(b)) }
  }
  d3.f = function () {
    var fns = Array.prototype.map.call(arguments, function (fn) {
      return typeof fn === 'string' || typeof fn === 'number' ? function (d) { return d[fn] } : fn
    })
    return function (d) { for (var i = 0; i < fns.length; i++) d = fns[i].call(this, d); return d }
  }

  d3.drawAxis = function (c, svg) {
    svg = svg || c.svg
    var xAxisSel = svg.append('g').attr('class', 'x axis').attr('transform', 'translate(0,' + c.height + ')').call(c.xAxis)
    var yAxisSel = svg.append('g').attr('class', 'y axis').call(c.yAxis)
    return {xAxisSel: xAxisSel, yAxisSel: yAxisSel}
  }

  d3.conventions = function (c) {
    c = c || {}
    c.margin = c.margin || {}
    ;['top', 'right', 'bottom', 'left'].forEach(function (d) { if (!c.margin[d] && c.margin[d] !== 0) c.margin[d] = 20 })
    if (c.parentSel) c.sel = c.parentSel
    var node = c.sel && c.sel.node()
    c.totalWidth = c.totalWidth || node && node.offsetWidth || 960
    c.totalHeight = c.totalHeight || node && node.offsetHeight || 500
    c.width = c.width || c.totalWidth - c.margin.left - c.margin.right
    c.height = c.height || c.totalHeight - c.margin.top - c.margin.bottom
    c.totalWidth = c.width + c.margin.left + c.margin.right
    c.totalHeight = c.height + c.margin.top + c.margin.bottom
    c.sel = c.sel || d3.select('body')
    c.sel.st({position: 'relative', height: c.totalHeight, width: c.totalWidth})
    c.x = c.x || d3.scaleLinear().range([0, c.width])
    c.y = c.y || d3.scaleLinear().range([c.height, 0])
    c.xAxis = c.xAxis || d3.axisBottom().scale(c.x)
    c.yAxis = c.yAxis || d3.axisLeft().scale(c.y)
    var many = !!c.layers
    c.layers = (c.layers || 's').split('').map(function (type) {
      var layer
      if (type == 's') {
        layer = c.sel.append('svg').st({position: many ? 'absolute' : ''})
          .attr('width', c.totalWidth).attr('height', c.totalHeight)
          .append('g').attr('transform', 'translate(' + c.margin.left + ',' + c.margin.top + ')')
        if (!c.svg) c.svg = layer
      } else if (type == 'c') {
        var s = window.devicePixelRatio || 1
        layer = c.sel.append('canvas').at({width: c.totalWidth * s, height: c.totalHeight * s})
          .st({width: c.totalWidth, height: c.totalHeight, position: 'absolute'}).node().getContext('2d')
        layer.scale(s, s)
        layer.translate(c.margin.left, c.margin.top)
      } else if (type == 'd') {
        layer = c.sel.append('div').st({position: 'absolute', left: c.margin.left, top: c.margin.top,
          width: c.width, height: c.height})
      }
      return layer
    })
    c.drawAxis = function (svg) { return d3.drawAxis(c, svg) }
    return c
  }

  // d3 v6+ event signature: handlers get (event, datum)
  d3.attachTooltip = function (sel, tooltipSel, fieldFns) {
    if (!sel.size()) return
    tooltipSel = tooltipSel || d3.select('.tooltip')
    var d0 = sel.datum()
    fieldFns = fieldFns || Object.keys(d0 || {})
      .filter(function (k) { return typeof d0[k] != 'object' })
      .map(function (k) { return function (d) { return k + ': <b>' + d[k] + '</b>' } })
    sel
      .on('mouseover.attachTooltip', function (ev, d) {
        tooltipSel.classed('tooltip-hidden', false).html('')
          .appendMany('div', fieldFns).html(function (fn) { return fn(d) })
        d3.select(this).classed('tooltipped', true)
      })
      .on('mousemove.attachTooltip', function (ev) {
        if (!tooltipSel.size()) return
        var bb = tooltipSel.node().getBoundingClientRect()
        var left = d3.clamp(20, ev.clientX - bb.width / 2, window.innerWidth - bb.width - 20)
        var top = innerHeight > ev.clientY + 20 + bb.height ? ev.clientY + 20 : ev.clientY - bb.height - 20
        tooltipSel.style('left', left + 'px').style('top', top + 'px')
      })
      .on('mouseout.attachTooltip', function () {
        tooltipSel.classed('tooltip-hidden', true)
        d3.selectAll('.tooltipped').classed('tooltipped', false)
      })
  }
})(window.d3)
